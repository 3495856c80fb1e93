package dev.rapport.feedback.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.rapport.feedback.domain.Forms.answers;
import static dev.rapport.feedback.domain.Forms.instrument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected values are computed by hand from docs/domain.md; they are written out (with their scale)
 * so that a change of rounding or of the total's precision fails here.
 */
class ScorerTest {

    private final Scorer scorer = new Scorer();

    private ScoredForm score(String instrumentId, String answers) {
        return scorer.score(instrument(instrumentId), answers(answers));
    }

    // --- WAI-SR: total 12–60, subscales task 1,2,10,12; goal 4,6,8,11; bond 3,5,7,9 --------------

    @ParameterizedTest(name = "[{index}] {0} → total {1}, normalised {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # answers 1..12            | total | normalised | task | task% | goal | goal% | bond | bond%
            1 1 1 1 1 1 1 1 1 1 1 1    | 12    | 0.00       | 4    | 0.00   | 4    | 0.00   | 4    | 0.00
            5 5 5 5 5 5 5 5 5 5 5 5    | 60    | 100.00     | 20   | 100.00 | 20   | 100.00 | 20   | 100.00
            5 4 3 2 1 5 4 3 2 1 5 4    | 39    | 56.25      | 14   | 62.50  | 15   | 68.75  | 10   | 37.50
            2 1 1 1 1 1 1 1 1 1 1 1    | 13    | 2.08       | 5    | 6.25   | 4    | 0.00   | 4    | 0.00
            5 5 5 5 5 5 5 5 5 5 5 4    | 59    | 97.92      | 19   | 93.75  | 20   | 100.00 | 20   | 100.00
            1 1 5 1 5 1 5 1 5 1 1 1    | 28    | 33.33      | 4    | 0.00   | 4    | 0.00   | 20   | 100.00
            """)
    void waiSrSumsItemsAndItsTaskGoalAndBondSubscales(String answers, String total, String normalized,
                                                      String task, String taskNormalized,
                                                      String goal, String goalNormalized,
                                                      String bond, String bondNormalized) {
        ScoredForm form = score("wai-sr", answers);

        assertEquals(new BigDecimal(total), form.total());
        assertEquals(new BigDecimal(normalized), form.normalized());
        assertEquals(Map.of(
                        "task", new SubscaleScore(new BigDecimal(task), new BigDecimal(taskNormalized)),
                        "goal", new SubscaleScore(new BigDecimal(goal), new BigDecimal(goalNormalized)),
                        "bond", new SubscaleScore(new BigDecimal(bond), new BigDecimal(bondNormalized))),
                form.subscales());
        assertEquals(List.of(), form.flags());
        assertNull(form.band());
        assertTrue(form.scorable());
    }

    @Test
    void waiSrSubscalesAreReportedInDefinitionOrder() {
        ScoredForm form = score("wai-sr", "3 3 3 3 3 3 3 3 3 3 3 3");

        assertEquals(List.of("task", "goal", "bond"), List.copyOf(form.subscales().keySet()));
    }

    @Test
    void scoredFormCarriesTheInstrumentsIdentityAndConstruct() {
        ScoredForm form = score("wai-sr", "3 3 3 3 3 3 3 3 3 3 3 3");

        assertEquals("wai-sr", form.instrumentId());
        assertEquals("1", form.instrumentVersion());
        assertEquals(Construct.ALLIANCE, form.construct());
    }

    // --- SRS: 4 items 0–10 one decimal; concern when total < 36 or any item < 9 ------------------

    @ParameterizedTest(name = "[{index}] {0} → total {1}, normalised {2}, flags {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # answers              | total | normalised | flags
            0 0 0 0                | 0.0   | 0.00       | BELOW_CUTOFF ITEM_BELOW_9
            10 10 10 10            | 40.0  | 100.00     |
            9 9 9 8.9              | 35.9  | 89.75      | BELOW_CUTOFF ITEM_BELOW_9
            9 9 9 9                | 36.0  | 90.00      |
            9.0 9.0 9.0 9.0        | 36.0  | 90.00      |
            9 9 9.1 8.9            | 36.0  | 90.00      | ITEM_BELOW_9
            10 10 10 8.9           | 38.9  | 97.25      | ITEM_BELOW_9
            10 10 10 9.0           | 39.0  | 97.50      |
            9.5 9.5 9.5 9.4        | 37.9  | 94.75      |
            0.1 0 0 0              | 0.1   | 0.25       | BELOW_CUTOFF ITEM_BELOW_9
            """)
    void srsFlagsATotalBelow36AndAnyItemBelow9(String answers, String total, String normalized, String flags) {
        ScoredForm form = score("srs", answers);

        assertEquals(new BigDecimal(total), form.total());
        assertEquals(new BigDecimal(normalized), form.normalized());
        assertEquals(flags(flags), form.flags());
        assertEquals(Map.of(), form.subscales());
        assertEquals(Construct.ALLIANCE, form.construct());
    }

    @Test
    void srsTotalOf35point9IsBelowCutoff() {
        assertTrue(score("srs", "9 9 9 8.9").flags().contains("BELOW_CUTOFF"));
    }

    @Test
    void srsTotalOf36point0IsNotBelowCutoff() {
        assertFalse(score("srs", "9.0 9.0 9.0 9.0").flags().contains("BELOW_CUTOFF"));
    }

    @Test
    void srsItemOf8point9IsBelow9ButItemOf9point0IsNot() {
        assertEquals(List.of("ITEM_BELOW_9"), score("srs", "10 10 10 8.9").flags());
        assertEquals(List.of(), score("srs", "10 10 10 9.0").flags());
    }

    @Test
    void srsDecimalsGivenAsBigDecimalScoreLikeDoubles() {
        Map<String, Object> answers = Map.of("1", new BigDecimal("9.0"), "2", new BigDecimal("9"),
                "3", new BigDecimal("9.00"), "4", new BigDecimal("8.9"));

        ScoredForm form = scorer.score(instrument("srs"), answers);

        assertEquals(new BigDecimal("35.9"), form.total());
        assertEquals(List.of("BELOW_CUTOFF", "ITEM_BELOW_9"), form.flags());
    }

    // --- CARE: 10 items 1–5 or null; up to 2 nulls imputed by the mean of the answered items ------

    @ParameterizedTest(name = "[{index}] {0} → total {1}, normalised {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # answers                        | total | normalised
            1 1 1 1 1 1 1 1 1 1              | 10    | 0.00
            5 5 5 5 5 5 5 5 5 5              | 50    | 100.00
            5 4 3 2 1 5 4 3 2 1              | 30    | 50.00
            # one null: total = 36 × 10/9 = 40
            4 4 4 4 4 4 4 4 4 null           | 40.00 | 75.00
            # one null: 39 × 10/9 = 43.333…; (43.333… − 10)/40 × 100 = 83.333…
            5 5 5 5 4 4 4 4 3 null           | 43.33 | 83.33
            # the null's position does not matter
            null 5 5 5 5 4 4 4 4 3           | 43.33 | 83.33
            # 41 × 10/9 = 45.555… → 45.56; normalised from the exact total is 88.888… → 88.89
            # (from the rounded total it would be 88.90: the scorer rounds once)
            5 5 5 5 5 4 4 4 4 null           | 45.56 | 88.89
            # two nulls: 33 × 10/8 = 41.25; (41.25 − 10)/40 × 100 = 78.125 → 78.13 half-up
            5 5 4 4 4 4 4 3 null null        | 41.25 | 78.13
            1 1 1 1 1 1 1 1 null null        | 10.00 | 0.00
            5 5 5 5 5 5 5 5 null null        | 50.00 | 100.00
            # two nulls: 13 × 10/8 = 16.25; 6.25/40 × 100 = 15.625 → 15.63
            2 2 2 2 2 1 1 1 null null        | 16.25 | 15.63
            """)
    void careImputesUpToTwoNullsWithTheMeanOfTheAnsweredItems(String answers, String total, String normalized) {
        ScoredForm form = score("care", answers);

        assertTrue(form.scorable());
        assertEquals(new BigDecimal(total), form.total());
        assertEquals(new BigDecimal(normalized), form.normalized());
        assertEquals(Construct.EMPATHY, form.construct());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            5 5 5 5 5 5 5 null null null
            null null null null null null null null null 5
            """)
    void careWithMoreThanTwoNullsIsStoredButNotScorable(String answers) {
        ScoredForm form = score("care", answers);

        assertFalse(form.scorable());
        assertNull(form.total());
        assertNull(form.normalized());
        assertEquals(Map.of(), form.subscales());
        assertEquals(List.of(), form.flags());
    }

    // --- ORS: 4 items 0–10 one decimal; clinical cut-off 25 ----------------------------------------

    @ParameterizedTest(name = "[{index}] {0} → total {1}, normalised {2}, flags {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # answers              | total | normalised | flags
            0 0 0 0                | 0.0   | 0.00       | BELOW_CUTOFF
            10 10 10 10            | 40.0  | 100.00     |
            6.2 6.3 6.2 6.2        | 24.9  | 62.25      | BELOW_CUTOFF
            6.3 6.2 6.2 6.3        | 25.0  | 62.50      |
            7.4 5.5 8.0 3.3        | 24.2  | 60.50      | BELOW_CUTOFF
            """)
    void orsFlagsATotalBelowTheClinicalCutoffOf25(String answers, String total, String normalized, String flags) {
        ScoredForm form = score("ors", answers);

        assertEquals(new BigDecimal(total), form.total());
        assertEquals(new BigDecimal(normalized), form.normalized());
        assertEquals(flags(flags), form.flags());
        assertEquals(Construct.OUTCOME, form.construct());
    }

    // --- PHQ-9: 9 items 0–3; bands; item 9 > 0 is a safety item; lower total = better ------------

    @ParameterizedTest(name = "[{index}] {0} → total {1}, normalised {2}, band {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # answers            | total | normalised | band              | flags
            0 0 0 0 0 0 0 0 0    | 0     | 100.00     | minimal           |
            3 3 3 3 3 3 3 3 3    | 27    | 0.00       | severe            | SAFETY_ITEM
            1 1 1 1 0 0 0 0 0    | 4     | 85.19      | minimal           |
            1 1 1 1 1 0 0 0 0    | 5     | 81.48      | mild              |
            2 2 2 1 1 1 0 0 0    | 9     | 66.67      | mild              |
            2 2 2 2 1 1 0 0 0    | 10    | 62.96      | moderate          |
            3 3 2 2 2 2 0 0 0    | 14    | 48.15      | moderate          |
            3 3 3 2 2 2 0 0 0    | 15    | 44.44      | moderately severe |
            3 3 3 3 3 2 2 0 0    | 19    | 29.63      | moderately severe |
            3 3 3 3 3 3 2 0 0    | 20    | 25.93      | severe            |
            3 3 3 3 3 3 3 3 0    | 24    | 11.11      | severe            |
            0 0 0 0 0 0 0 0 1    | 1     | 96.30      | minimal           | SAFETY_ITEM
            """)
    void phq9TotalsFallIntoTheirSeverityBands(String answers, String total, String normalized, String band,
                                              String flags) {
        ScoredForm form = score("phq-9", answers);

        assertEquals(new BigDecimal(total), form.total());
        assertEquals(new BigDecimal(normalized), form.normalized());
        assertEquals(band, form.band());
        assertEquals(flags(flags), form.flags());
        assertEquals(Construct.OUTCOME, form.construct());
    }

    @Test
    void phq9Item9OfZeroRaisesNoSafetyFlag() {
        assertEquals(List.of(), score("phq-9", "3 3 3 3 3 3 3 3 0").flags());
    }

    @Test
    void phq9Item9OfOneRaisesTheSafetyFlagWhateverTheTotal() {
        ScoredForm form = score("phq-9", "0 0 0 0 0 0 0 0 1");

        assertEquals(List.of("SAFETY_ITEM"), form.flags());
        assertEquals("minimal", form.band());
    }

    // --- GAD-7: 7 items 0–3; bands 0–4, 5–9, 10–14, 15–21; lower total = better -------------------

    @ParameterizedTest(name = "[{index}] {0} → total {1}, normalised {2}, band {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # answers        | total | normalised | band
            0 0 0 0 0 0 0    | 0     | 100.00     | minimal
            3 3 3 3 3 3 3    | 21    | 0.00       | severe
            1 1 1 1 0 0 0    | 4     | 80.95      | minimal
            1 1 1 1 1 0 0    | 5     | 76.19      | mild
            2 2 2 1 1 1 0    | 9     | 57.14      | mild
            2 2 2 2 1 1 0    | 10    | 52.38      | moderate
            2 2 2 2 2 2 2    | 14    | 33.33      | moderate
            3 2 2 2 2 2 2    | 15    | 28.57      | severe
            """)
    void gad7TotalsFallIntoTheirSeverityBands(String answers, String total, String normalized, String band) {
        ScoredForm form = score("gad-7", answers);

        assertEquals(new BigDecimal(total), form.total());
        assertEquals(new BigDecimal(normalized), form.normalized());
        assertEquals(band, form.band());
        assertEquals(List.of(), form.flags());
    }

    private static List<String> flags(String flags) {
        return flags == null ? List.of() : List.of(flags.trim().split("\\s+"));
    }
}
