package dev.rapport.platform.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * What consumers read of a session-events record (owned by session-service, read tolerantly). The
 * client is the pseudonymous reference only: no raw client id on any topic.
 */
public record SessionEvent(UUID sessionId, UUID counsellorId, String clientRef, String status, Instant endedAt, Instant occurredAt) {

    /** The event's data; a record without the fields every consumer relies on is poison. */
    public static SessionEvent of(IncomingEvent event) {
        SessionEvent session = event.data(SessionEvent.class);
        if (session.sessionId == null || session.counsellorId == null || session.clientRef == null
                || session.status == null || session.occurredAt == null) {
            throw new IncomingEvent.PoisonEventException(event.type() + " lacks sessionId, counsellorId, clientRef, status or occurredAt");
        }
        SessionRank.of(session.status);
        return session;
    }

    /** When the session reached its status: its end when it ended, the event's time otherwise. */
    public Instant statusAt() {
        return endedAt != null ? endedAt : occurredAt;
    }
}
