package dev.rapport.feedback.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Scored feedback as docs/openapi/feedback-service.yaml shows it; {@code comment} only to the session's client and counsellor.
 * {@code support} and {@code safetyAlertId} only in the client's answer to a form with a risk
 * answer: the crisis-support text, and the alert that has gone to the care team.
 */
@Schema(requiredProperties = {"id", "sessionId", "instrumentId", "answers", "scorable", "flags", "submittedAt"})
public record FeedbackJson(
        UUID id,
        UUID sessionId,
        String instrumentId,
        String instrumentVersion,
        Map<String, Object> answers,
        BigDecimal total,
        Map<String, Object> subscales,
        BigDecimal normalized,
        boolean scorable,
        List<String> flags,
        String band,
        @JsonInclude(JsonInclude.Include.NON_NULL) String comment,
        Instant submittedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) SupportJson support,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID safetyAlertId) {

    public FeedbackJson withSafety(SupportJson crisisSupport, UUID alertId) {
        return new FeedbackJson(id, sessionId, instrumentId, instrumentVersion, answers, total, subscales, normalized, scorable,
                flags, band, comment, submittedAt, crisisSupport, alertId);
    }
}
