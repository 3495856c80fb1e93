package dev.rapport.session.api;

import dev.rapport.session.domain.Modality;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code counsellorId} is for admins only: a counsellor schedules their own sessions, and who
 * they are comes from the token.
 */
public record ScheduleRequest(
        @NotNull UUID clientId,
        @NotNull Instant scheduledStart,
        @NotNull Modality modality,
        UUID counsellorId) {}
