package dev.rapport.session.events;

import dev.rapport.session.domain.Modality;
import dev.rapport.session.domain.SessionStatus;
import dev.rapport.session.persistence.SessionRecord;
import java.time.Instant;
import java.util.UUID;

/**
 * The data of every session-events record (rapport.session.*.v1). Consumers read it tolerantly;
 * a change that breaks them needs a new version in the type. The client is the pseudonymous
 * reference only (no raw client id on any topic); the cancel reason is free text and stays in this
 * service.
 */
public record SessionEventData(
        UUID sessionId,
        UUID counsellorId,
        String clientRef,
        SessionStatus status,
        Modality modality,
        Instant scheduledStart,
        Instant startedAt,
        Instant endedAt,
        Long durationSeconds,
        Instant occurredAt) {

    public static SessionEventData of(SessionRecord session, Instant occurredAt) {
        return new SessionEventData(session.id, session.counsellorId, session.clientRef, session.status, session.modality,
                session.scheduledStart, session.startedAt, session.endedAt, session.durationSeconds, occurredAt);
    }
}
