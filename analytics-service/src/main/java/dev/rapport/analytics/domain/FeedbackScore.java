package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One scorable form in a client's history on one instrument: the row the service keeps per
 * client and instrument. Forms that are not scorable never enter a history.
 *
 * @param total      the raw total (reliable change is judged on it)
 * @param normalized 0–100, two decimals, higher = better (ruptures, means and r use it)
 */
public record FeedbackScore(UUID feedbackId, Instant submittedAt, BigDecimal total, BigDecimal normalized) {

    public static final Comparator<FeedbackScore> SUBMISSION_ORDER = Comparator.comparing(FeedbackScore::submittedAt);

    public FeedbackScore {
        Objects.requireNonNull(feedbackId, "feedbackId");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(normalized, "normalized");
    }

    /** A copy in submission order; forms submitted at the same instant keep the order they were given in. */
    static List<FeedbackScore> inSubmissionOrder(List<FeedbackScore> history) {
        List<FeedbackScore> ordered = new ArrayList<>(history);
        ordered.sort(SUBMISSION_ORDER); // stable
        return List.copyOf(ordered);
    }
}
