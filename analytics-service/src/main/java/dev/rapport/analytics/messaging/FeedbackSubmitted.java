package dev.rapport.analytics.messaging;

import dev.rapport.platform.messaging.IncomingEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What analytics reads of rapport.feedback.submitted.v1 (owned by feedback-service's
 * FeedbackEvents.Submitted, read tolerantly: fields analytics does not need are ignored). The
 * flags are among them: a risk answer is feedback-service's safety alert, which analytics learns
 * of from the alerts topic ({@link SafetyAlertChanged}), not from the form.
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
        Instant submittedAt) {

    public static final String TYPE = "rapport.feedback.submitted.v1";

    public record Subscale(BigDecimal sum, BigDecimal normalized) {}

    public FeedbackSubmitted {
        subscales = subscales == null ? Map.of() : subscales;
    }

    /** The event's data; a record without what analytics relies on is poison. */
    public static FeedbackSubmitted of(IncomingEvent event) {
        if (!TYPE.equals(event.type())) {
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
        return feedback;
    }

    /** Subscale name → normalised score. */
    public Map<String, BigDecimal> normalizedSubscales() {
        Map<String, BigDecimal> normalized = new java.util.HashMap<>();
        subscales.forEach((name, score) -> normalized.put(name, score.normalized()));
        return normalized;
    }
}
