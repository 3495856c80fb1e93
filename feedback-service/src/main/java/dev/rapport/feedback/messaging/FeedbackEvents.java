package dev.rapport.feedback.messaging;

import dev.rapport.feedback.domain.SubscaleScore;
import dev.rapport.platform.outbox.OutgoingEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The contract of feedback-events. */
public final class FeedbackEvents {

    public static final String TOPIC = "feedback-events";
    public static final String SUBMITTED = "rapport.feedback.submitted.v1";

    private FeedbackEvents() {}

    /**
     * rapport.feedback.submitted.v1: scores and flags only. The client appears as a pseudonymous
     * reference, the comment only as {@code hasComment}.
     */
    public record Submitted(
            UUID feedbackId,
            UUID sessionId,
            UUID counsellorId,
            String clientRef,
            String instrumentId,
            String instrumentVersion,
            String construct,
            BigDecimal total,
            Map<String, SubscaleScore> subscales,
            BigDecimal normalized,
            boolean scorable,
            List<String> flags,
            String band,
            boolean hasComment,
            Instant sessionEndedAt,
            Instant submittedAt) {}

    /** A submitted form on feedback-events: keyed by the session's counsellor; the subject is the feedback. */
    public record FeedbackSubmitted(Submitted data) implements OutgoingEvent {

        @Override
        public String topic() {
            return TOPIC;
        }

        @Override
        public String type() {
            return SUBMITTED;
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
            return data.submittedAt();
        }
    }
}
