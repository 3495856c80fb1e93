package dev.rapport.analytics.events;

import dev.rapport.analytics.domain.Caseness;
import dev.rapport.analytics.domain.ChangeDirection;
import dev.rapport.analytics.domain.InstrumentRules;
import dev.rapport.analytics.domain.ReliableChangeRule;
import dev.rapport.platform.messaging.IncomingEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What analytics reads of rapport.feedback.submitted.v2 and, while topics still hold it, v1
 * (owned by feedback-service's FeedbackEvents.Submitted, read tolerantly: fields analytics does
 * not need are ignored). A risk answer is feedback-service's safety alert, which analytics learns
 * of from the alerts topic ({@link SafetyAlertChanged}), not from the form.
 *
 * <p>v2 carries the instrument's own thresholds and whether the form is of concern; analytics
 * keeps no copy of them. A v1 event does not: {@link V1Thresholds} is the compatibility path.
 *
 * @param concern    v2: the form meets its instrument's concern rule
 * @param thresholds v2: the instrument's thresholds
 */
public record FeedbackSubmitted(
        UUID feedbackId,
        UUID sessionId,
        UUID counsellorId,
        String clientRef,
        String instrumentId,
        String construct,
        BigDecimal total,
        Map<String, Subscale> subscales,
        BigDecimal normalized,
        boolean scorable,
        List<String> flags,
        Boolean concern,
        Thresholds thresholds,
        Instant submittedAt) {

    public static final String TYPE_V1 = "rapport.feedback.submitted.v1";
    public static final String TYPE = "rapport.feedback.submitted.v2";
    private static final Set<String> COMPARISONS = Set.of("lessThan", "atMost", "greaterThan", "atLeast");

    public record Subscale(BigDecimal sum, BigDecimal normalized) {}

    /** v2's thresholds; analytics reads caseness and reliable change (concern comes judged, as {@code concern}). */
    public record Thresholds(CasenessRule caseness, ReliableChange reliableChange) {}

    public record CasenessRule(String comparison, BigDecimal value) {}

    public record ReliableChange(String improvement, BigDecimal points) {}

    public FeedbackSubmitted {
        subscales = subscales == null ? Map.of() : subscales;
        flags = flags == null ? List.of() : flags;
    }

    /** The event's data; a record without what analytics relies on is poison. */
    public static FeedbackSubmitted of(IncomingEvent event) {
        boolean v1 = TYPE_V1.equals(event.type());
        if (!v1 && !TYPE.equals(event.type())) {
            throw new IncomingEvent.PoisonEventException("unknown event type " + event.type());
        }
        FeedbackSubmitted feedback = event.data(FeedbackSubmitted.class);
        if (feedback.feedbackId == null || feedback.sessionId == null || feedback.counsellorId == null
                || feedback.clientRef == null || feedback.clientRef.isBlank() || feedback.clientRef.length() > 64
                || feedback.instrumentId == null || feedback.construct == null || feedback.submittedAt == null) {
            throw new IncomingEvent.PoisonEventException(event.type()
                    + " lacks feedbackId, sessionId, counsellorId, clientRef, instrumentId, construct or submittedAt");
        }
        if (feedback.scorable && (feedback.total == null || feedback.normalized == null)) {
            throw new IncomingEvent.PoisonEventException(event.type() + " is scorable but lacks total or normalized");
        }
        if (feedback.subscales.values().stream().anyMatch(s -> s == null || s.normalized() == null)) {
            throw new IncomingEvent.PoisonEventException(event.type() + " has a subscale without a normalized score");
        }
        if (v1) {
            return V1Thresholds.complete(feedback);
        }
        if (feedback.concern == null || feedback.thresholds == null) {
            throw new IncomingEvent.PoisonEventException(event.type() + " lacks concern or thresholds");
        }
        feedback.rules(); // a malformed rule is poison now, not a failure later
        return feedback;
    }

    /** The instrument's caseness and reliable change as this form carried them. */
    public InstrumentRules rules() {
        if (thresholds == null) {
            return InstrumentRules.NONE;
        }
        Caseness caseness = null;
        ReliableChangeRule reliableChange = null;
        CasenessRule c = thresholds.caseness();
        if (c != null) {
            if (!COMPARISONS.contains(c.comparison()) || c.value() == null) {
                throw new IncomingEvent.PoisonEventException(TYPE + " has a caseness rule that cannot be read: " + c);
            }
            caseness = new Caseness(c.comparison(), c.value());
        }
        ReliableChange r = thresholds.reliableChange();
        if (r != null) {
            if (r.points() == null || r.points().signum() <= 0 || !Set.of("increase", "decrease").contains(r.improvement())) {
                throw new IncomingEvent.PoisonEventException(TYPE + " has a reliable-change rule that cannot be read: " + r);
            }
            reliableChange = new ReliableChangeRule(r.improvement().equals("increase") ? ChangeDirection.INCREASE
                    : ChangeDirection.DECREASE, r.points());
        }
        return new InstrumentRules(caseness, reliableChange);
    }

    /** Whether the form meets its instrument's concern rule. */
    public boolean isConcern() {
        return Boolean.TRUE.equals(concern);
    }

    /** Subscale name → normalised score. */
    public Map<String, BigDecimal> normalizedSubscales() {
        Map<String, BigDecimal> normalized = new java.util.HashMap<>();
        subscales.forEach((name, score) -> normalized.put(name, score.normalized()));
        return normalized;
    }

    FeedbackSubmitted with(boolean concern, Thresholds thresholds) {
        return new FeedbackSubmitted(feedbackId, sessionId, counsellorId, clientRef, instrumentId, construct, total, subscales,
                normalized, scorable, flags, concern, thresholds, submittedAt);
    }
}
