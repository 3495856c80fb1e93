package dev.rapport.analytics.config;

import dev.rapport.analytics.domain.RuptureDetector;
import dev.rapport.analytics.domain.Thresholds;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;

/**
 * The tunable numbers of the view that are not an instrument's own (docs/domain.md: organisations tune
 * them to avoid alert fatigue), with docs/domain.md's defaults. An instrument's concern rule, caseness
 * and reliable change are not configured here: they come with every feedback event from the
 * instrument's definition in feedback-service (changed 2026-12-02).
 */
@ConfigMapping(prefix = "rapport.analytics.thresholds")
public interface ThresholdsConfig {

    /** A fall of at least this many normalised points from the previous form is of concern. */
    @WithDefault("10.00")
    BigDecimal ruptureDrop();

    @WithDefault("3")
    int minAllianceFeedbacksForTrend();

    @WithDefault("10")
    int minClientsForAllianceOutcomeR();

    /** A figure resting on fewer distinct clients is flagged in comparisons (belowMinimum). */
    @WithDefault("10")
    int minClientsForComparison();

    default Thresholds thresholds() {
        return new Thresholds(ruptureDrop(), minAllianceFeedbacksForTrend(), minClientsForAllianceOutcomeR(), minClientsForComparison());
    }

    @ApplicationScoped
    class Producer {
        @Produces
        @Singleton
        Thresholds thresholds(ThresholdsConfig config) {
            return config.thresholds();
        }

        @Produces
        @Singleton
        RuptureDetector ruptureDetector(Thresholds thresholds) {
            return new RuptureDetector(thresholds);
        }
    }
}
