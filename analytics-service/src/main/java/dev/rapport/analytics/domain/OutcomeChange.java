package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A client's first-to-latest change on one outcome instrument (forms in submission order). */
public record OutcomeChange(String instrumentId, FeedbackScore first, FeedbackScore latest) {

    public OutcomeChange {
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(latest, "latest");
    }

    /** The change over the history, or empty with fewer than two forms (no change to speak of). */
    public static Optional<OutcomeChange> of(String instrumentId, List<FeedbackScore> history) {
        List<FeedbackScore> ordered = FeedbackScore.inSubmissionOrder(history);
        if (ordered.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new OutcomeChange(instrumentId, ordered.get(0), ordered.get(ordered.size() - 1)));
    }

    /** latest − first of the raw totals; the sign is the instrument's (a PHQ-9 improvement is negative). */
    public BigDecimal totalChange() {
        return latest.total().subtract(first.total());
    }

    /** latest − first of the normalised scores; positive is better for every instrument. */
    public BigDecimal normalizedChange() {
        return latest.normalized().subtract(first.normalized());
    }

    /** Judged on raw totals, see {@link ReliableChangeRule}. */
    public ReliableChange reliableChange(ReliableChangeRule rule) {
        return rule.evaluate(first.total(), latest.total());
    }
}
