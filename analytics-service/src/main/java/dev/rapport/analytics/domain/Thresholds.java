package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tunable numbers of the per-counsellor view (domain.md: "organisations tune them to avoid
 * alert fatigue"). {@link #defaults()} holds domain.md's values.
 *
 * <p>There is no "feedback window" here: domain.md counts a feedback for its session whenever it
 * arrives, and the lengths of the view's windows are {@link Window}'s.
 *
 * @param ruptureDrop                  a fall of at least this many normalised points from the
 *                                     client's previous score on the same instrument is a rupture
 * @param concernCutoffs               alliance instrument id → normalised score below which a
 *                                     feedback is a rupture; an instrument without an entry (wai-sr)
 *                                     has no cut-off and ruptures only by a drop
 * @param minAllianceFeedbacksForTrend fewer alliance feedbacks in the window: no allianceTrend
 * @param minClientsForAllianceOutcomeR fewer clients with both alliance and outcome: no allianceOutcomeR
 * @param reliableChange               outcome instrument id → rule on raw totals; an outcome
 *                                     instrument without a rule does not count towards the
 *                                     reliable-change rates (it still counts for allianceOutcomeR)
 */
public record Thresholds(
        BigDecimal ruptureDrop,
        Map<String, BigDecimal> concernCutoffs,
        int minAllianceFeedbacksForTrend,
        int minClientsForAllianceOutcomeR,
        Map<String, ReliableChangeRule> reliableChange) {

    /*
     * SRS: concern when total < 36 of 40. Kept in normalised points because ruptures compare
     * normalised scores: 36 / 40 × 100 = 90, and as SRS totals have one decimal, 2.5 × total
     * needs no rounding, so total < 36 ⇔ normalised < 90 exactly. The SRS's other concern
     * ("any item < 9") is the feedback service's flag; domain.md's rupture rule uses the total.
     */
    private static final Thresholds DEFAULTS = new Thresholds(
            new BigDecimal("10.00"),
            Map.of("srs", new BigDecimal("90.00")),
            3,
            5,
            Map.of(
                    "ors", ReliableChangeRule.increaseOf("5"),
                    "phq-9", ReliableChangeRule.decreaseOf("6"),
                    "gad-7", ReliableChangeRule.decreaseOf("4")));

    public Thresholds {
        Objects.requireNonNull(ruptureDrop, "ruptureDrop");
        if (ruptureDrop.signum() <= 0) {
            throw new IllegalArgumentException("ruptureDrop must be positive, got " + ruptureDrop);
        }
        concernCutoffs = Map.copyOf(concernCutoffs);
        reliableChange = Map.copyOf(reliableChange);
        // One point has neither a slope nor a correlation.
        if (minAllianceFeedbacksForTrend < 2) {
            throw new IllegalArgumentException("minAllianceFeedbacksForTrend must be at least 2");
        }
        if (minClientsForAllianceOutcomeR < 2) {
            throw new IllegalArgumentException("minClientsForAllianceOutcomeR must be at least 2");
        }
    }

    public static Thresholds defaults() {
        return DEFAULTS;
    }

    public Optional<BigDecimal> concernCutoff(String instrumentId) {
        return Optional.ofNullable(concernCutoffs.get(instrumentId));
    }

    public Optional<ReliableChangeRule> reliableChangeRule(String instrumentId) {
        return Optional.ofNullable(reliableChange.get(instrumentId));
    }
}
