package dev.rapport.session.api;

import dev.rapport.session.persistence.ErasureRecord;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An erasure as docs/openapi/session-service.yaml shows it: never whom it is about. */
@Schema(requiredProperties = {"id", "state", "requestedAt"})
public record ErasureJson(UUID id, String state, Instant requestedAt, Instant completedAt) {

    static ErasureJson of(ErasureRecord e) {
        return new ErasureJson(e.id, e.state, e.requestedAt, e.completedAt);
    }
}
