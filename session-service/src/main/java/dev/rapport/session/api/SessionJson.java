package dev.rapport.session.api;

import dev.rapport.session.domain.Modality;
import dev.rapport.session.domain.SessionStatus;
import dev.rapport.session.persistence.SessionRecord;
import java.time.Instant;
import java.util.UUID;

/** A session as api.md shows it. */
public record SessionJson(
        UUID id,
        UUID counsellorId,
        UUID clientId,
        Instant scheduledStart,
        Modality modality,
        SessionStatus status,
        Instant startedAt,
        Instant endedAt,
        Long durationSeconds,
        long version) {

    static SessionJson of(SessionRecord s) {
        return new SessionJson(s.id, s.counsellorId, s.clientId, s.scheduledStart, s.modality, s.status,
                s.startedAt, s.endedAt, s.durationSeconds, s.version);
    }
}
