package dev.rapport.analytics.messaging;

import java.time.Instant;
import java.util.UUID;

/** What analytics reads of a session-events record (owned by session-service, read tolerantly). */
public record SessionEvent(UUID sessionId, UUID counsellorId, UUID clientId, String status, Instant endedAt, Instant occurredAt) {

    public boolean complete() {
        return sessionId != null && counsellorId != null && clientId != null && status != null && occurredAt != null;
    }
}
