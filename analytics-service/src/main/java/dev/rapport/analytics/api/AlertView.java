package dev.rapport.analytics.api;

import dev.rapport.analytics.domain.SafetyAlert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An open alert of one of the counsellor's clients, the client by pseudonymous reference.
 *
 * @param type           "rupture" or "safety"
 * @param feedbackId     the form that raised it
 * @param total          ruptures: the form's total; null for safety alerts (their scores stay in feedback-service)
 * @param scoreBefore    ruptures: the client's previous normalised score on the instrument (null for a first form)
 * @param causes         ruptures: BELOW_CUTOFF and/or DROP; safety: SAFETY_ITEM
 * @param raisedAt       ruptures: the submission time of the form; safety: when feedback-service raised it
 * @param alertId        safety: feedback-service's alert id (its {@code /api/alerts/safety/{id}}); null for ruptures
 * @param status         safety: OPEN or ACKNOWLEDGED (a resolved alert is not listed); null for ruptures
 * @param acknowledgedAt safety: when it was acknowledged, or null
 * @param escalatedAt    safety: when it was escalated to the supervisors, or null
 */
@Schema(requiredProperties = {"type", "clientRef", "instrumentId", "feedbackId", "causes", "raisedAt"})
public record AlertView(String type, String clientRef, String instrumentId, UUID feedbackId, BigDecimal total,
                        BigDecimal normalized, BigDecimal scoreBefore, List<String> causes, Instant raisedAt,
                        UUID alertId, String status, Instant acknowledgedAt, Instant escalatedAt) {

    public static final String RUPTURE = "rupture";
    public static final String SAFETY = "safety";
    private static final List<String> SAFETY_CAUSES = List.of("SAFETY_ITEM");

    public static AlertView rupture(String clientRef, String instrumentId, UUID feedbackId, BigDecimal total, BigDecimal normalized,
                                    BigDecimal scoreBefore, List<String> causes, Instant raisedAt) {
        return new AlertView(RUPTURE, clientRef, instrumentId, feedbackId, total, normalized, scoreBefore, causes, raisedAt,
                null, null, null, null);
    }

    public static AlertView safety(SafetyAlert alert) {
        return new AlertView(SAFETY, alert.clientRef(), alert.instrumentId(), alert.feedbackId(), null, null, null, SAFETY_CAUSES,
                alert.raisedAt(), alert.alertId(), alert.status().name(), alert.acknowledgedAt(), alert.escalatedAt());
    }
}
