package dev.rapport.analytics.config;

import dev.rapport.analytics.domain.ChangeDirection;
import dev.rapport.analytics.domain.Outcomes;
import dev.rapport.analytics.domain.ReliableChangeRule;
import dev.rapport.analytics.domain.RuptureDetector;
import dev.rapport.analytics.domain.Thresholds;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tunable numbers of the view (docs/domain.md: organisations tune them to avoid alert fatigue).
 * The defaults are docs/domain.md's; the two maps' defaults live in application.properties because a
 * map's entries cannot be annotation defaults.
 */
@ConfigMapping(prefix = "rapport.analytics.thresholds")
public interface ThresholdsConfig {

    /** A fall of at least this many normalised points from the previous form is a rupture. */
    @WithDefault("10.00")
    BigDecimal ruptureDrop();

    /** Alliance instrument id → normalised score below which a form is a rupture (srs: 90, i.e. total 36). */
    Map<String, BigDecimal> concernCutoffs();

    @WithDefault("3")
    int minAllianceFeedbacksForTrend();

    @WithDefault("5")
    int minClientsForAllianceOutcomeR();

    /** Outcome instrument id → reliable-change rule on raw totals. */
    Map<String, Rule> reliableChange();

    interface Rule {
        ChangeDirection improvement();

        BigDecimal points();
    }

    default Thresholds thresholds() {
        Map<String, ReliableChangeRule> rules = new LinkedHashMap<>();
        reliableChange().forEach((instrument, rule) -> rules.put(instrument, new ReliableChangeRule(rule.improvement(), rule.points())));
        return new Thresholds(ruptureDrop(), concernCutoffs(), minAllianceFeedbacksForTrend(), minClientsForAllianceOutcomeR(), rules);
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

        @Produces
        @Singleton
        Outcomes outcomes(Thresholds thresholds) {
            return new Outcomes(thresholds);
        }
    }
}
