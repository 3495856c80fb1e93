package dev.rapport.analytics.domain;

import java.util.Objects;
import java.util.UUID;

/** A client's history on one instrument with one counsellor. */
public record HistoryKey(UUID counsellorId, String clientRef, String instrumentId) {

    public HistoryKey {
        Objects.requireNonNull(counsellorId, "counsellorId");
        Objects.requireNonNull(clientRef, "clientRef");
        Objects.requireNonNull(instrumentId, "instrumentId");
    }
}
