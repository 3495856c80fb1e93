package dev.rapport.analytics.events;

import dev.rapport.analytics.domain.SafetyAlert;
import dev.rapport.analytics.domain.SafetyStatus;
import dev.rapport.platform.messaging.IncomingEvent;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What analytics reads of feedback-service's safety alert events on the topic alerts:
 * {@code rapport.alert.safety.raised.v1}, {@code .acknowledged.v1}, {@code .escalated.v1} and
 * {@code .resolved.v1} (ce_subject the alert id, key the counsellor id of the session the form
 * came from). Each carries the alert's whole state at the time, so the events of one alert can be
 * merged in any order ({@link SafetyAlert#merge}). Owned by feedback-service, read tolerantly:
 * fields analytics does not need (sessionId, item, occurredAt, any added later) are ignored. No
 * note, outcome or person id is ever on the topic.
 *
 * <p>The topic also carries analytics' own rupture alerts ({@link Alerts}): an event whose type is
 * not a safety alert's is none of this consumer's business ({@link #isSafetyAlert}), nor is
 * {@value #FORM_SAFETY_TYPE}, the alert analytics itself raised from forms before feedback-service
 * owned safety alerts (still on the topic for its retention, and published by instances of the
 * previous version during a rolling deployment).
 *
 * @param status         {@code OPEN} (also once escalated), {@code ACKNOWLEDGED} or {@code RESOLVED}
 * @param acknowledgedAt null until acknowledged; likewise {@code escalatedAt} and {@code resolvedAt}
 */
public record SafetyAlertChanged(
        UUID alertId,
        SafetyStatus status,
        UUID feedbackId,
        UUID counsellorId,
        String clientRef,
        String instrumentId,
        Instant raisedAt,
        Instant acknowledgedAt,
        Instant escalatedAt,
        Instant resolvedAt) {

    public static final String TYPE_PREFIX = "rapport.alert.safety.";
    public static final String FORM_SAFETY_TYPE = "rapport.alert.safety.v1";
    public static final Set<String> TYPES = Set.of(TYPE_PREFIX + "raised.v1", TYPE_PREFIX + "acknowledged.v1",
            TYPE_PREFIX + "escalated.v1", TYPE_PREFIX + "resolved.v1");

    /** Whether an event of the alerts topic is feedback-service's safety alert's (known to this reader or not). */
    public static boolean isSafetyAlert(String type) {
        return type.startsWith(TYPE_PREFIX) && !type.equals(FORM_SAFETY_TYPE);
    }

    /**
     * The event's data; a record without what analytics relies on is poison, and so is a safety
     * alert type this reader does not know (a new version must be read, not skipped).
     */
    public static SafetyAlertChanged of(IncomingEvent event) {
        if (!TYPES.contains(event.type())) {
            throw new IncomingEvent.PoisonEventException("unknown event type " + event.type());
        }
        SafetyAlertChanged change = event.data(SafetyAlertChanged.class);
        if (change.alertId == null || change.status == null || change.feedbackId == null || change.counsellorId == null
                || change.clientRef == null || change.clientRef.isBlank() || change.clientRef.length() > 64
                || change.instrumentId == null || change.instrumentId.isBlank() || change.instrumentId.length() > 100
                || change.raisedAt == null) {
            throw new IncomingEvent.PoisonEventException(event.type()
                    + " lacks alertId, status, feedbackId, counsellorId, clientRef, instrumentId or raisedAt");
        }
        return change;
    }

    /** The alert's state as this event tells it. */
    public SafetyAlert alert() {
        return new SafetyAlert(alertId, feedbackId, counsellorId, clientRef, instrumentId, status, raisedAt, acknowledgedAt,
                escalatedAt, resolvedAt);
    }
}
