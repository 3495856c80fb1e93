package dev.rapport.analytics.events;

import dev.rapport.analytics.domain.OutcomeChange;
import dev.rapport.analytics.domain.ReliableChangeRule;
import dev.rapport.platform.outbox.OutgoingEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The contract of the alerts analytics publishes on the topic alerts (rupture and deterioration) (record key: the counsellor
 * id; ce_subject: the feedback that raised it). The same topic carries feedback-service's safety
 * alerts, which analytics reads ({@link SafetyAlertChanged}) and never publishes.
 */
public final class Alerts {

    public static final String TOPIC = "alerts";
    public static final String RUPTURE = "rapport.alert.rupture.v1";
    public static final String DETERIORATION = "rapport.alert.deterioration.v1";

    private Alerts() {}

    /**
     * One alert. {@code raisedAt} is the submission time of the form that raised it, so that a
     * replay raises the same alert with the same time.
     *
     * @param causes BELOW_CUTOFF and/or DROP
     */
    public record Alert(
            UUID counsellorId,
            String clientRef,
            String instrumentId,
            UUID feedbackId,
            Scores scores,
            List<String> causes,
            Instant raisedAt) implements Raisable {}

    /** What every alert analytics raises has: its record key, its subject and its time. */
    public interface Raisable {
        UUID counsellorId();

        UUID feedbackId();

        Instant raisedAt();
    }

    /**
     * rapport.alert.deterioration.v1: the client's latest form on an outcome instrument is
     * reliably worse than their intake. {@code feedbackId} is the latest form; {@code raisedAt}
     * its submission time, so that a replay raises the same alert with the same time.
     */
    public record Deterioration(
            UUID counsellorId,
            String clientRef,
            String instrumentId,
            UUID feedbackId,
            DeteriorationScores scores,
            Instant raisedAt) implements Raisable {

        public static Deterioration of(UUID counsellorId, String clientRef, OutcomeChange change) {
            ReliableChangeRule rule = change.rules().reliableChange();
            return new Deterioration(counsellorId, clientRef, change.instrumentId(), change.latest().feedbackId(),
                    new DeteriorationScores(change.intake().total(), change.latest().total(), change.intake().normalized(),
                            change.latest().normalized(), rule.points(), rule.improvement().name().toLowerCase(java.util.Locale.ROOT)),
                    change.latest().submittedAt());
        }
    }

    /** @param improvement "increase" or "decrease": which way the total moves when the client improves */
    public record DeteriorationScores(BigDecimal intakeTotal, BigDecimal latestTotal, BigDecimal intakeNormalized,
                                      BigDecimal latestNormalized, BigDecimal reliableChangePoints, String improvement) {}

    /**
     * @param scoreBefore the client's previous normalised score on the instrument, or null
     */
    public record Scores(BigDecimal total, BigDecimal normalized, BigDecimal scoreBefore) {}

    /** An alert analytics raised, on alerts: keyed by the counsellor; the subject is the feedback that raised it. */
    public static OutgoingEvent raised(String type, Raisable data) {
        if (!(RUPTURE.equals(type) && data instanceof Alert || DETERIORATION.equals(type) && data instanceof Deterioration)) {
            throw new IllegalArgumentException("not an alert analytics raises: " + type + " with " + data.getClass().getSimpleName());
        }
        return new OutgoingEvent(TOPIC, type, data.counsellorId().toString(), data.feedbackId().toString(), data, data.raisedAt());
    }
}
