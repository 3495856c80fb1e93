package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * When the difference between two totals is larger than measurement noise. The same threshold
 * counts in both directions: a worsening by at least {@code minimumChange} is a reliable
 * deterioration (docs/domain.md defines both).
 *
 * @param improvement   which way the raw total moves when the client improves
 * @param minimumChange the smallest change, in raw total points, that counts (inclusive)
 */
public record ReliableChangeRule(ChangeDirection improvement, BigDecimal minimumChange, String note) {

    public ReliableChangeRule {
        Objects.requireNonNull(improvement, "improvement");
        Objects.requireNonNull(minimumChange, "minimumChange");
    }

    public ReliableChange evaluate(BigDecimal firstTotal, BigDecimal latestTotal) {
        Objects.requireNonNull(firstTotal, "firstTotal");
        Objects.requireNonNull(latestTotal, "latestTotal");
        BigDecimal change = latestTotal.subtract(firstTotal);
        BigDecimal towardsBetter = improvement == ChangeDirection.INCREASE ? change : change.negate();
        if (towardsBetter.compareTo(minimumChange) >= 0) {
            return ReliableChange.IMPROVED;
        }
        if (towardsBetter.negate().compareTo(minimumChange) >= 0) {
            return ReliableChange.DETERIORATED;
        }
        return ReliableChange.NO_RELIABLE_CHANGE;
    }
}
