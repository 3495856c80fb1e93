package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * When a change of an outcome instrument's RAW total is larger than measurement noise.
 *
 * <p>Raw, not normalised: the published reliable-change thresholds (ORS 5, PHQ-9 6, GAD-7 4) are
 * in the instrument's own points, and the normalised score is rounded to two decimals, so the
 * same rule on normalised points would misjudge boundary cases (a PHQ-9 drop of 6 is 22.22 or
 * 22.23 normalised points depending on where it starts).
 *
 * <p>The threshold counts in both directions (domain.md: "beyond the instrument's reliable-change
 * points, in either direction"): a worsening by at least {@code points} is a reliable
 * deterioration. The rule is the instrument definition's, carried by every feedback event.
 *
 * @param improvement which way the raw total moves when the client improves
 * @param points      the smallest change, in raw total points, that counts (inclusive)
 */
public record ReliableChangeRule(ChangeDirection improvement, BigDecimal points) {

    public ReliableChangeRule {
        Objects.requireNonNull(improvement, "improvement");
        Objects.requireNonNull(points, "points");
        if (points.signum() <= 0) {
            throw new IllegalArgumentException("reliable change needs a positive number of points, got " + points);
        }
    }

    public static ReliableChangeRule increaseOf(String points) {
        return new ReliableChangeRule(ChangeDirection.INCREASE, new BigDecimal(points));
    }

    public static ReliableChangeRule decreaseOf(String points) {
        return new ReliableChangeRule(ChangeDirection.DECREASE, new BigDecimal(points));
    }

    public ReliableChange evaluate(BigDecimal firstTotal, BigDecimal latestTotal) {
        Objects.requireNonNull(firstTotal, "firstTotal");
        Objects.requireNonNull(latestTotal, "latestTotal");
        BigDecimal change = latestTotal.subtract(firstTotal);
        BigDecimal towardsBetter = improvement == ChangeDirection.INCREASE ? change : change.negate();
        if (towardsBetter.compareTo(points) >= 0) {
            return ReliableChange.IMPROVED;
        }
        if (towardsBetter.negate().compareTo(points) >= 0) {
            return ReliableChange.DETERIORATED;
        }
        return ReliableChange.NO_RELIABLE_CHANGE;
    }
}
