package dev.rapport.analytics.view;

import dev.rapport.analytics.domain.OutcomeChange;
import dev.rapport.analytics.domain.SafetyAlert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An open alert of one of the counsellor's clients, the client by pseudonymous reference.
 *
 * @param type           "rupture", "deterioration" or "safety"
 * @param feedbackId     ruptures: the form that opened the episode; deterioration: the latest form
 * @param total          ruptures, deterioration: the form's total; null for safety alerts (their scores stay in feedback-service)
 * @param scoreBefore    ruptures: the client's normalised score just before the episode opened (null when it opened
 *                       on their first form); deterioration: the normalised score at intake
 * @param causes         ruptures: BELOW_CUTOFF (the instrument's concern rule) and/or DROP; deterioration:
 *                       RELIABLE_DETERIORATION; safety: SAFETY_ITEM
 * @param raisedAt       ruptures, deterioration: the submission time of the form; safety: when feedback-service raised it
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
    public static final String DETERIORATION = "deterioration";
    private static final List<String> DETERIORATION_CAUSES = List.of("RELIABLE_DETERIORATION");
    private static final List<String> SAFETY_CAUSES = List.of("SAFETY_ITEM");

    public static AlertView rupture(String clientRef, String instrumentId, UUID feedbackId, BigDecimal total, BigDecimal normalized,
                                    BigDecimal scoreBefore, List<String> causes, Instant raisedAt) {
        return new AlertView(RUPTURE, clientRef, instrumentId, feedbackId, total, normalized, scoreBefore, causes, raisedAt,
                null, null, null, null);
    }

    public static AlertView deterioration(String clientRef, OutcomeChange change) {
        return new AlertView(DETERIORATION, clientRef, change.instrumentId(), change.latest().feedbackId(), change.latest().total(),
                change.latest().normalized(), change.intake().normalized(), DETERIORATION_CAUSES, change.latest().submittedAt(),
                null, null, null, null);
    }

    public static AlertView safety(SafetyAlert alert) {
        return new AlertView(SAFETY, alert.clientRef(), alert.instrumentId(), alert.feedbackId(), null, null, null, SAFETY_CAUSES,
                alert.raisedAt(), alert.alertId(), alert.status().name(), alert.acknowledgedAt(), alert.escalatedAt());
    }
}
