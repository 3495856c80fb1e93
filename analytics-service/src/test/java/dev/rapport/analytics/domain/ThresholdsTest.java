package dev.rapport.analytics.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThresholdsTest {

    private static final Thresholds DEFAULTS = Thresholds.defaults();

    @Test
    void theDefaultsAreDomainMdsNumbers() {
        assertEquals(new BigDecimal("10.00"), DEFAULTS.ruptureDrop());
        // SRS total < 36 of 40 ⇔ normalised < 90
        assertEquals(Map.of("srs", new BigDecimal("90.00")), DEFAULTS.concernCutoffs());
        assertEquals(3, DEFAULTS.minAllianceFeedbacksForTrend());
        assertEquals(5, DEFAULTS.minClientsForAllianceOutcomeR());
        assertEquals(Map.of(
                "ors", new ReliableChangeRule(ChangeDirection.INCREASE, new BigDecimal("5")),
                "phq-9", new ReliableChangeRule(ChangeDirection.DECREASE, new BigDecimal("6")),
                "gad-7", new ReliableChangeRule(ChangeDirection.DECREASE, new BigDecimal("4"))),
                DEFAULTS.reliableChange());
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} → {2} is {3}")
    @CsvSource(textBlock = """
            # ORS: a rise of at least 5 raw points is an improvement, a fall of 5 a deterioration
            ors,   20.0, 25.0, IMPROVED
            ors,   20.0, 24.9, NO_RELIABLE_CHANGE
            ors,   25.0, 20.0, DETERIORATED
            ors,   25.0, 20.1, NO_RELIABLE_CHANGE
            # PHQ-9: a drop of at least 6 is an improvement
            phq-9, 20,   14,   IMPROVED
            phq-9, 20,   15,   NO_RELIABLE_CHANGE
            phq-9, 10,   16,   DETERIORATED
            phq-9, 10,   15,   NO_RELIABLE_CHANGE
            # GAD-7: a drop of at least 4 is an improvement
            gad-7, 15,   11,   IMPROVED
            gad-7, 15,   12,   NO_RELIABLE_CHANGE
            gad-7, 8,    12,   DETERIORATED
            gad-7, 8,    11,   NO_RELIABLE_CHANGE
            """)
    void reliableChangeIsJudgedOnRawTotalsByTheInstrumentsRule(String instrument, String first, String latest,
                                                               ReliableChange expected) {
        ReliableChangeRule rule = DEFAULTS.reliableChangeRule(instrument).orElseThrow();

        assertEquals(expected, rule.evaluate(new BigDecimal(first), new BigDecimal(latest)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wai-sr", "srs", "care", "core-10"})
    void instrumentsWithoutARuleHaveNone(String instrument) {
        assertEquals(Optional.empty(), DEFAULTS.reliableChangeRule(instrument));
    }

    @Test
    void waiSrHasNoConcernCutoff() {
        assertEquals(Optional.empty(), DEFAULTS.concernCutoff("wai-sr"));
    }

    @Test
    void aRuleNeedsAPositiveNumberOfPoints() {
        assertThrows(IllegalArgumentException.class, () -> ReliableChangeRule.increaseOf("0"));
    }

    @Test
    void aTrendOrACorrelationNeedsAtLeastTwoPoints() {
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(
                DEFAULTS.ruptureDrop(), DEFAULTS.concernCutoffs(), 1, 5, DEFAULTS.reliableChange()));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(
                DEFAULTS.ruptureDrop(), DEFAULTS.concernCutoffs(), 3, 1, DEFAULTS.reliableChange()));
    }
}
