package dev.rapport.feedback.api;

import java.time.Instant;
import java.util.UUID;

/** An ended session still waiting for the client's feedback. */
public record PendingFeedbackJson(UUID sessionId, UUID counsellorId, Instant endedAt, Instant dueBy) {}
