package dev.rapport.feedback.api;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An ended session still waiting for the client's feedback. */
@Schema(requiredProperties = {"sessionId", "counsellorId", "endedAt", "dueBy"})
public record PendingFeedbackJson(UUID sessionId, UUID counsellorId, Instant endedAt, Instant dueBy) {}
