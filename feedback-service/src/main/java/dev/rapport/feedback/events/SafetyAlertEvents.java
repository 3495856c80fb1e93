package dev.rapport.feedback.events;

import dev.rapport.feedback.persistence.SafetyAlertRecord;
import dev.rapport.platform.outbox.OutgoingEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The contract of the safety events on the alerts topic (record key: the counsellor of the
 * session the answer came from; ce_subject: the alert id). Every event carries the alert's whole
 * state, so a consumer that sees them out of order still ends at the right one. The client is a
 * pseudonymous reference; the answer, the people who acted, the outcome and the note stay in
 * feedback-service.
 */
public final class SafetyAlertEvents {

    public static final String TOPIC = "alerts";
    public static final String RAISED = "rapport.alert.safety.raised.v1";
    public static final String ACKNOWLEDGED = "rapport.alert.safety.acknowledged.v1";
    public static final String ESCALATED = "rapport.alert.safety.escalated.v1";
    public static final String RESOLVED = "rapport.alert.safety.resolved.v1";

    private SafetyAlertEvents() {}

    public record SafetyAlert(
            UUID alertId,
            String status,
            UUID feedbackId,
            UUID sessionId,
            UUID counsellorId,
            String clientRef,
            String instrumentId,
            String item,
            Instant raisedAt,
            Instant acknowledgedAt,
            Instant escalatedAt,
            Instant resolvedAt,
            Instant occurredAt) {

        public static SafetyAlert of(SafetyAlertRecord alert, Instant occurredAt) {
            return new SafetyAlert(alert.id, alert.status.name(), alert.feedbackId, alert.sessionId, alert.counsellorId,
                    alert.clientRef, alert.instrumentId, alert.item, alert.raisedAt, alert.acknowledgedAt, alert.escalatedAt,
                    alert.resolvedAt, occurredAt);
        }
    }

    /** A safety alert's change on alerts (one of the four types): keyed by the counsellor; the subject is the alert. */
    public static OutgoingEvent changed(String type, SafetyAlert data) {
        if (!List.of(RAISED, ACKNOWLEDGED, ESCALATED, RESOLVED).contains(type)) {
            throw new IllegalArgumentException("not a safety alert type: " + type);
        }
        return new OutgoingEvent(TOPIC, type, data.counsellorId().toString(), data.alertId().toString(), data, data.occurredAt());
    }
}
