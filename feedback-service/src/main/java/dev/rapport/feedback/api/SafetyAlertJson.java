package dev.rapport.feedback.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rapport.feedback.domain.SafetyAlertStatus;
import dev.rapport.feedback.domain.SafetyOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A safety alert as docs/openapi/feedback-service.yaml shows it. {@code clientId} to counsellors and admins, and to a
 * supervisor who opens the alert (an audited read); in lists and streams a supervisor sees the
 * pseudonymous {@code clientRef} only. {@code note} only when one alert is read.
 */
@Schema(requiredProperties = {"id", "status", "feedbackId", "sessionId", "counsellorId", "instrumentId", "item", "raisedAt"})
public record SafetyAlertJson(
        UUID id,
        SafetyAlertStatus status,
        UUID feedbackId,
        UUID sessionId,
        UUID counsellorId,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID clientId,
        String clientRef,
        String instrumentId,
        String item,
        BigDecimal answer,
        Instant raisedAt,
        Instant acknowledgedAt,
        UUID acknowledgedBy,
        Instant escalatedAt,
        Instant resolvedAt,
        UUID resolvedBy,
        SafetyOutcome outcome,
        @JsonInclude(JsonInclude.Include.NON_NULL) String note) {}
