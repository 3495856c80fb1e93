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
 * @param total      the raw total (reliable change and caseness are judged on it)
 * @param normalized 0–100, two decimals, higher = better (ruptures, means and r use it)
 * @param concern    the form meets its instrument's concern rule (feedback-service judges it: the
 *                   answers stay there; srs: total &lt; 36 or any item &lt; 9)
 * @param rules      the instrument's caseness and reliable change as the form carried them
 */
public record FeedbackScore(UUID feedbackId, Instant submittedAt, BigDecimal total, BigDecimal normalized,
                            boolean concern, InstrumentRules rules) {

    public static final Comparator<FeedbackScore> SUBMISSION_ORDER = Comparator.comparing(FeedbackScore::submittedAt);

    public FeedbackScore {
        Objects.requireNonNull(feedbackId, "feedbackId");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(normalized, "normalized");
        rules = rules == null ? InstrumentRules.NONE : rules;
    }

    /** A form of an instrument without thresholds of its own that is not of concern (wai-sr). */
    public FeedbackScore(UUID feedbackId, Instant submittedAt, BigDecimal total, BigDecimal normalized) {
        this(feedbackId, submittedAt, total, normalized, false, InstrumentRules.NONE);
    }

    /** A copy in submission order; forms submitted at the same instant keep the order they were given in. */
    static List<FeedbackScore> inSubmissionOrder(List<FeedbackScore> history) {
        List<FeedbackScore> ordered = new ArrayList<>(history);
        ordered.sort(SUBMISSION_ORDER); // stable
        return List.copyOf(ordered);
    }
}
