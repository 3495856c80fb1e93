package dev.rapport.session.api;

import dev.rapport.session.persistence.ErasureRecord;
import java.time.Instant;
import java.util.UUID;

/** An erasure as api.md shows it: never whom it is about. */
public record ErasureJson(UUID id, String state, Instant requestedAt, Instant completedAt) {

    static ErasureJson of(ErasureRecord e) {
        return new ErasureJson(e.id, e.state, e.requestedAt, e.completedAt);
    }
}
