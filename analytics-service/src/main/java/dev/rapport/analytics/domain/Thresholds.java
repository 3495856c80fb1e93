package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The tunable numbers of the per-counsellor view that are not an instrument's own (domain.md:
 * "organisations tune them to avoid alert fatigue"). {@link #defaults()} holds domain.md's values.
 * An instrument's own thresholds (concern rule, caseness, reliable change) are not here: they live
 * in its definition in feedback-service and travel with every feedback event (changed 2026-12-02).
 *
 * @param ruptureDrop                   a fall of at least this many normalised points from the
 *                                      client's previous score on the same instrument is of concern
 * @param minAllianceFeedbacksForTrend  fewer alliance feedbacks in the window: no allianceTrend
 * @param minClientsForAllianceOutcomeR fewer clients with early alliance and outcome change: no allianceOutcomeR
 * @param minClientsForComparison       a figure resting on fewer distinct clients is flagged in
 *                                      comparisons between counsellors (belowMinimum)
 */
public record Thresholds(
        BigDecimal ruptureDrop,
        int minAllianceFeedbacksForTrend,
        int minClientsForAllianceOutcomeR,
        int minClientsForComparison) {

    private static final Thresholds DEFAULTS = new Thresholds(new BigDecimal("10.00"), 3, 10, 10);

    public Thresholds {
        Objects.requireNonNull(ruptureDrop, "ruptureDrop");
        if (ruptureDrop.signum() <= 0) {
            throw new IllegalArgumentException("ruptureDrop must be positive, got " + ruptureDrop);
        }
        // One point has neither a slope nor a correlation.
        if (minAllianceFeedbacksForTrend < 2) {
            throw new IllegalArgumentException("minAllianceFeedbacksForTrend must be at least 2");
        }
        if (minClientsForAllianceOutcomeR < 2) {
            throw new IllegalArgumentException("minClientsForAllianceOutcomeR must be at least 2");
        }
        if (minClientsForComparison < 1) {
            throw new IllegalArgumentException("minClientsForComparison must be at least 1");
        }
    }

    public static Thresholds defaults() {
        return DEFAULTS;
    }
}
