package dev.rapport.feedback.messaging;

import dev.rapport.feedback.domain.SubscaleScore;
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
}
