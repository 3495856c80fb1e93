package dev.rapport.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdsTest {

    private static final Thresholds DEFAULTS = Thresholds.defaults();

    @Test
    void theDefaultsAreDomainMdsNumbers() {
        assertEquals(new Thresholds(new BigDecimal("10.00"), 3, 10, 10), DEFAULTS);
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
    void reliableChangeIsJudgedOnRawTotalsByTheRuleTheFormCarried(String instrument, String first, String latest,
                                                                  ReliableChange expected) {
        ReliableChangeRule rule = Scores.rules(instrument).reliableChange();

        assertEquals(expected, rule.evaluate(new BigDecimal(first), new BigDecimal(latest)));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} is a case: {2}")
    @CsvSource(textBlock = """
            phq-9, 10,   true
            phq-9, 9,    false
            gad-7, 8,    true
            gad-7, 7,    false
            ors,   24.9, true
            ors,   25,   false
            """)
    void casenessIsTheInstrumentsOwn(String instrument, String total, boolean isCase) {
        assertEquals(isCase, Scores.rules(instrument).caseness().isCase(new BigDecimal(total)));
    }

    @Test
    void aRuleNeedsAPositiveNumberOfPoints() {
        assertThrows(IllegalArgumentException.class, () -> ReliableChangeRule.increaseOf("0"));
    }

    @Test
    void aTrendOrACorrelationNeedsAtLeastTwoPoints() {
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(DEFAULTS.ruptureDrop(), 1, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(DEFAULTS.ruptureDrop(), 3, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(DEFAULTS.ruptureDrop(), 3, 10, 0));
    }

    @Test
    void aFigureBelowTheMinimumOfClientsIsFlaggedANullOneNot() {
        BelowMinimum below = new BelowMinimum(10)
                .check("allianceIndex", new BigDecimal("92.40"), 3)
                .check("bond", new BigDecimal("80.00"), 12)
                .check("empathyIndex", null, 0)
                .check("repairRate", new BigDecimal("0.50"), 10);

        assertEquals(java.util.List.of("allianceIndex"), below.figures());
    }
}
