package dev.rapport.analytics.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.rapport.analytics.domain.Scores.assertFigure;
import static dev.rapport.analytics.domain.Scores.day;
import static dev.rapport.analytics.domain.Scores.score;
import static org.junit.jupiter.api.Assertions.assertEquals;

/*
 * Normalised outcome: ORS total / 40 × 100; PHQ-9 (27 − total) / 27 × 100; GAD-7 (21 − total) / 21 × 100.
 * PHQ-9 18 → 33.33, 12 → 55.56, 6 → 77.78; GAD-7 8 → 61.90, 12 → 42.86.
 */
class OutcomesTest {

    private final Outcomes outcomes = new Outcomes(Thresholds.defaults());

    @Test
    void oneFormIsNoChange() {
        assertEquals(Optional.empty(), OutcomeChange.of("phq-9", List.of(score(0, "18", "33.33"))));
    }

    @Test
    void theChangeIsFromTheFirstToTheLatestFormInSubmissionOrder() {
        FeedbackScore first = score(0, "18", "33.33");
        FeedbackScore between = score(10, "20", "25.93");
        FeedbackScore latest = score(20, "12", "55.56");

        OutcomeChange change = OutcomeChange.of("phq-9", List.of(latest, first, between)).orElseThrow();

        assertEquals(new BigDecimal("-6"), change.totalChange());
        assertEquals(new BigDecimal("22.23"), change.normalizedChange());
        assertEquals(ReliableChange.IMPROVED, change.reliableChange(Thresholds.defaults().reliableChangeRule("phq-9").orElseThrow()));
    }

    @Test
    void ratesAreClientsWithReliableChangeOverClientsWithTwoFormsOfAnOutcomeInstrument() {
        ClientScores improvedOnOrs = outcome("a", "ors", score(0, "20.0", "50.00"), score(30, "26.0", "65.00"));
        ClientScores improvedOnPhq9 = outcome("b", "phq-9", score(0, "18", "33.33"), score(30, "12", "55.56"));
        ClientScores deterioratedOnGad7 = outcome("c", "gad-7", score(0, "8", "61.90"), score(30, "12", "42.86"));
        ClientScores oneFormOnly = outcome("d", "phq-9", score(0, "18", "33.33"));
        ClientScores noReliableChange = outcome("e", "ors", score(0, "20.0", "50.00"), score(30, "22.0", "55.00"));
        ClientScores allianceOnly = new ClientScores("f", Map.of("srs", List.of(score(0, "38.0", "95.00"))), Map.of());

        OutcomeRates rates = outcomes.rates(List.of(
                improvedOnOrs, improvedOnPhq9, deterioratedOnGad7, oneFormOnly, noReliableChange, allianceOnly));

        assertEquals(4, rates.clients());
        assertFigure("0.50", rates.reliableImprovementRate());
        assertFigure("0.25", rates.deteriorationRate());
    }

    @ParameterizedTest(name = "[{index}] PHQ-9 {0} → {1}, GAD-7 {2} → {3}: {4}")
    @CsvSource(textBlock = """
            # phq-9     | gad-7    | the client counts once as
            18, 12,       10, 10,    IMPROVED
            18, 12,       15, 11,    IMPROVED
            # one improved, the other deteriorated: neither
            18, 12,       8,  12,    NO_RELIABLE_CHANGE
            18, 16,       8,  12,    DETERIORATED
            10, 16,       8,  12,    DETERIORATED
            18, 16,       10, 9,     NO_RELIABLE_CHANGE
            """)
    void aClientWithTwoOutcomeInstrumentsCountsOnceImprovedOnlyIfNeitherDeteriorated(
            String phqFirst, String phqLatest, String gadFirst, String gadLatest, ReliableChange expected) {
        // the normalised scores play no part in reliable change
        ClientScores client = new ClientScores("a", Map.of(), Map.of(
                "phq-9", List.of(score(0, phqFirst, "0.00"), score(30, phqLatest, "0.00")),
                "gad-7", List.of(score(0, gadFirst, "0.00"), score(30, gadLatest, "0.00"))));

        assertEquals(Optional.of(expected), outcomes.reliableChange(client));
        OutcomeRates rates = outcomes.rates(List.of(client));
        assertEquals(1, rates.clients());
        assertFigure(expected == ReliableChange.IMPROVED ? "1.00" : "0.00", rates.reliableImprovementRate());
        assertFigure(expected == ReliableChange.DETERIORATED ? "1.00" : "0.00", rates.deteriorationRate());
    }

    @Test
    void anOutcomeInstrumentWithoutARuleStaysOutOfTheRates() {
        ClientScores client = outcome("a", "core-10", score(0, "30", "25.00"), score(30, "10", "75.00"));

        OutcomeRates rates = outcomes.rates(List.of(client));

        assertEquals(new OutcomeRates(0, null, null), rates);
        assertEquals(0, new BigDecimal("50").compareTo(outcomes.outcomeChange(client).orElseThrow()));
    }

    @Test
    void ratesAreNullWhenNoClientHasTwoForms() {
        assertEquals(new OutcomeRates(0, null, null),
                outcomes.rates(List.of(outcome("a", "ors", score(0, "20.0", "50.00")))));
    }

    @Test
    void aWindowJudgesTheFormsSubmittedInIt() {
        ClientScores client = outcome("a", "ors",
                score(0, "20.0", "50.00"), score(40, "26.0", "65.00"), score(50, "27.0", "67.50"));

        assertEquals(Optional.of(ReliableChange.IMPROVED), outcomes.reliableChange(client));
        assertEquals(Optional.of(ReliableChange.NO_RELIABLE_CHANGE), outcomes.reliableChange(client.since(day(30))));
        assertEquals(Optional.empty(), outcomes.reliableChange(client.since(day(45))));
    }

    @Test
    void aClientsMeanAlliancePoolsTheirWaiSrAndSrsForms() {
        ClientScores client = new ClientScores("a", Map.of(
                "srs", List.of(score(0, "38.0", "95.00")),
                "wai-sr", List.of(score(7, "42", "62.50"), score(14, "48", "75.00"))), Map.of());

        // (95.00 + 62.50 + 75.00) / 3
        assertEquals(0, new BigDecimal("77.50").compareTo(outcomes.meanAlliance(client).orElseThrow()));
    }

    @Test
    void aClientsOutcomeChangeOverTwoInstrumentsIsTheMeanOfTheirNormalisedChanges() {
        ClientScores client = new ClientScores("a", Map.of(), Map.of(
                "ors", List.of(score(0, "20.0", "50.00"), score(30, "24.0", "60.00")),
                "phq-9", List.of(score(0, "12", "55.56"), score(30, "6", "77.78")),
                "gad-7", List.of(score(0, "12", "42.86"))));

        // (+10.00 + 22.22) / 2; GAD-7 has one form only
        assertEquals(0, new BigDecimal("16.11").compareTo(outcomes.outcomeChange(client).orElseThrow()));
    }

    @Test
    void allianceOutcomeRCorrelatesMeanAllianceWithOutcomeChangeAcrossClientsWithBoth() {
        List<ClientScores> clients = List.of(
                // mean alliance 60, ORS +10
                both("c1", Map.of("srs", List.of(score(0, "20.0", "50.00"), score(7, "28.0", "70.00"))),
                        score(0, "20.0", "50.00"), score(30, "24.0", "60.00")),
                // 70, +20
                both("c2", Map.of("srs", List.of(score(0, "28.0", "70.00"))),
                        score(0, "16.0", "40.00"), score(30, "24.0", "60.00")),
                // 80, +15 (the form in between does not count)
                both("c3", Map.of("srs", List.of(score(0, "30.0", "75.00"), score(7, "34.0", "85.00"))),
                        score(0, "20.0", "50.00"), score(15, "12.0", "30.00"), score(30, "26.0", "65.00")),
                // 90 from WAI-SR 87.50 and SRS 92.50, +30
                both("c4", Map.of("wai-sr", List.of(score(0, "54", "87.50")), "srs", List.of(score(7, "37.0", "92.50"))),
                        score(0, "16.0", "40.00"), score(30, "28.0", "70.00")),
                // 100, +25
                both("c5", Map.of("srs", List.of(score(0, "40.0", "100.00"))),
                        score(0, "20.0", "50.00"), score(30, "30.0", "75.00")),
                // alliance but one outcome form: out
                both("c6", Map.of("srs", List.of(score(0, "16.0", "40.00"))), score(0, "10.0", "25.00")),
                // outcome but no alliance: out
                outcome("c7", "ors", score(0, "10.0", "25.00"), score(30, "40.0", "100.00")));

        // x = 60 70 80 90 100, y = 10 20 15 30 25: Sxx = 1000, Syy = 250, Sxy = 400 → 400 / 500
        assertFigure("0.80", outcomes.allianceOutcomeR(clients));
        // only four clients with both
        assertFigure(null, outcomes.allianceOutcomeR(clients.subList(0, 4)));
    }

    @Test
    void theMinimumNumberOfClientsForRIsConfigurable() {
        Thresholds four = new Thresholds(new BigDecimal("10.00"), Map.of(), 3, 4, Thresholds.defaults().reliableChange());
        List<ClientScores> clients = List.of(
                both("c1", Map.of("srs", List.of(score(0, "24.0", "60.00"))), score(0, "20.0", "50.00"), score(30, "24.0", "60.00")),
                both("c2", Map.of("srs", List.of(score(0, "28.0", "70.00"))), score(0, "16.0", "40.00"), score(30, "24.0", "60.00")),
                both("c3", Map.of("srs", List.of(score(0, "32.0", "80.00"))), score(0, "20.0", "50.00"), score(30, "26.0", "65.00")),
                both("c4", Map.of("srs", List.of(score(0, "36.0", "90.00"))), score(0, "16.0", "40.00"), score(30, "28.0", "70.00")));

        // x = 60 70 80 90, y = 10 20 15 30: Sxx = 500, Syy = 218.75, Sxy = 275 → 275 / √109375 = 0.8315…
        assertFigure("0.83", new Outcomes(four).allianceOutcomeR(clients));
    }

    private static ClientScores outcome(String ref, String instrument, FeedbackScore... forms) {
        return new ClientScores(ref, Map.of(), Map.of(instrument, List.of(forms)));
    }

    private static ClientScores both(String ref, Map<String, List<FeedbackScore>> alliance, FeedbackScore... orsForms) {
        return new ClientScores(ref, alliance, Map.of("ors", List.of(orsForms)));
    }
}
