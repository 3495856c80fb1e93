package dev.rapport.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rapport.session.domain.Modality;
import dev.rapport.session.domain.SessionStatus;
import dev.rapport.session.persistence.SessionRecord;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A session as docs/openapi/session-service.yaml shows it. Supervisors see the client's pseudonymous {@code clientRef}
 * only; the session's counsellor, its client and admins see {@code clientId} too.
 */
@Schema(requiredProperties = {"id", "counsellorId", "clientRef", "scheduledStart", "modality", "status", "version"})
public record SessionJson(
        UUID id,
        UUID counsellorId,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID clientId,
        String clientRef,
        Instant scheduledStart,
        Modality modality,
        SessionStatus status,
        Instant startedAt,
        Instant endedAt,
        Long durationSeconds,
        long version) {

    static SessionJson of(SessionRecord s) {
        return new SessionJson(s.id, s.counsellorId, s.clientId, s.clientRef, s.scheduledStart, s.modality, s.status,
                s.startedAt, s.endedAt, s.durationSeconds, s.version);
    }

    static SessionJson pseudonymous(SessionRecord s) {
        return new SessionJson(s.id, s.counsellorId, null, s.clientRef, s.scheduledStart, s.modality, s.status,
                s.startedAt, s.endedAt, s.durationSeconds, s.version);
    }
}
