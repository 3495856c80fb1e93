package dev.rapport.analytics.messaging;

import dev.rapport.platform.outbox.OutgoingEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The contract of the alerts analytics publishes on the topic alerts (record key: the counsellor
 * id; ce_subject: the feedback that raised it). The same topic carries feedback-service's safety
 * alerts, which analytics reads ({@link SafetyAlertChanged}) and never publishes.
 */
public final class Alerts {

    public static final String TOPIC = "alerts";
    public static final String RUPTURE = "rapport.alert.rupture.v1";

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
            Instant raisedAt) {}

    /**
     * @param scoreBefore the client's previous normalised score on the instrument, or null
     */
    public record Scores(BigDecimal total, BigDecimal normalized, BigDecimal scoreBefore) {}

    /** An alert analytics raised, on alerts: keyed by the counsellor; the subject is the feedback that raised it. */
    public record AlertRaised(String type, Alert data) implements OutgoingEvent {

        public AlertRaised {
            if (!RUPTURE.equals(type)) {
                throw new IllegalArgumentException("not an alert analytics raises: " + type);
            }
        }

        @Override
        public String topic() {
            return TOPIC;
        }

        @Override
        public String key() {
            return data.counsellorId().toString();
        }

        @Override
        public String subject() {
            return data.feedbackId().toString();
        }

        @Override
        public Instant occurredAt() {
            return data.raisedAt();
        }
    }
}
