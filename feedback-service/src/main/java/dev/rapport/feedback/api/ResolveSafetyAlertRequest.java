package dev.rapport.feedback.api;

import dev.rapport.feedback.domain.SafetyOutcome;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** How an alert was resolved; the note is for the care team and never leaves feedback-service. */
public record ResolveSafetyAlertRequest(@NotNull SafetyOutcome outcome, @Size(max = 2000) String note) {}
