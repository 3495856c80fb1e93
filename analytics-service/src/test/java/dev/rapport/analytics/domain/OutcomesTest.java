package dev.rapport.analytics.domain;

import static dev.rapport.analytics.domain.Scores.assertFigure;
import static dev.rapport.analytics.domain.Scores.day;
import static dev.rapport.analytics.domain.Scores.outcome;
import static dev.rapport.analytics.domain.Scores.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/*
 * Outcomes from intake (domain.md, changed 2026-12-02), worked by hand. Normalised outcome:
 * PHQ-9 (27 − total) / 27 × 100: 20 → 25.93, 18 → 33.33, 12 → 55.56, 10 → 62.96, 8 → 70.37, 15 → 44.44.
 * GAD-7 (21 − total) / 21 × 100: 6 → 71.43, 12 → 42.86, 9 → 57.14, 5 → 76.19.
 * ORS total / 40 × 100. Thresholds as the events carry them: caseness PHQ-9 ≥ 10, GAD-7 ≥ 8,
 * ORS < 25; reliable change PHQ-9 6, GAD-7 4, ORS 5 raw points.
 */
class OutcomesTest {

    private static final Instant ALL = Instant.EPOCH;
    private static final RuptureDetector DETECTOR = new RuptureDetector(Thresholds.defaults());

    /** The figures of these clients in the window from {@code since}, as a view computes them from their states. */
    private static ClientFigures figures(List<ClientScores> clients, Instant since, Thresholds thresholds) {
        return ClientFigures.of(clients.stream().map(c -> c.state(DETECTOR)).toList(), since, thresholds);
    }

    private static ClientFigures figures(List<ClientScores> clients, Instant since) {
        return figures(clients, since, Thresholds.defaults());
    }

    private static Map<String, OutcomeChange> counting(ClientScores client, Instant since) {
        return client.state(DETECTOR).countingSince(since);
    }

    private static ClientScores client(String ref, Map<String, List<FeedbackScore>> outcomeHistories) {
        return new ClientScores(ref, Map.of(), outcomeHistories);
    }

    /** A: PHQ-9 18 (day 0) → 10 (day 60): −8, reliably improved; a case at intake and still one (10 ≥ 10). */
    private static final ClientScores A = client("a", Map.of("phq-9", List.of(
            outcome("phq-9", 0, "18", "33.33"), outcome("phq-9", 60, "10", "62.96"))));
    /** B: PHQ-9 20 → 12 (−8, improved) and GAD-7 6 → 12 (+6, deteriorated): paired, deteriorated, not improved. */
    private static final ClientScores B = client("b", Map.of(
            "phq-9", List.of(outcome("phq-9", 0, "20", "25.93"), outcome("phq-9", 50, "12", "55.56")),
            "gad-7", List.of(outcome("gad-7", 0, "6", "71.43"), outcome("gad-7", 50, "12", "42.86"))));
    /** C: PHQ-9 12 → 8 (−4, no reliable change) and GAD-7 9 → 5 (−4, improved): paired, improved, recovered. */
    private static final ClientScores C = client("c", Map.of(
            "phq-9", List.of(outcome("phq-9", 0, "12", "55.56"), outcome("phq-9", 50, "8", "70.37")),
            "gad-7", List.of(outcome("gad-7", 0, "9", "57.14"), outcome("gad-7", 50, "5", "76.19"))));
    /** D: ORS 20 → 26: +6, improved; a case at intake (20 < 25), not at latest: reliably recovered. */
    private static final ClientScores D = client("d", Map.of("ors", List.of(
            outcome("ors", 0, "20", "50.00"), outcome("ors", 50, "26", "65.00"))));
    /** E: one PHQ-9 only: no change to speak of. */
    private static final ClientScores E = client("e", Map.of("phq-9", List.of(outcome("phq-9", 50, "22", "18.52"))));

    @Test
    void changeIsFromIntakeEvenWhenIntakeIsOutsideTheWindow() {
        // A's intake is 60 days before the latest; a window from day 40 holds only the latest.
        Map<String, InstrumentOutcomes> fromDay40 = figures(List.of(A), day(40)).outcomes();

        assertEquals(new InstrumentOutcomes(1, new BigDecimal("1.00"), new BigDecimal("0.00"), 1,
                new BigDecimal("0.00"), new BigDecimal("0.00")), fromDay40.get("phq-9"));
        // A window after the latest: A does not count there.
        assertEquals(new InstrumentOutcomes(0, null, null, 0, null, null), figures(List.of(A), day(61)).outcomes().get("phq-9"));
    }

    @Test
    void thePairedRuleJudgesAClientWithPhq9ImprovingAndGad7WorseningAsDeteriorated() {
        Outcomes.Verdict b = Outcomes.headline(counting(B, ALL)).orElseThrow();

        assertFalse(b.improved(), "improved needs neither to deteriorate");
        assertTrue(b.deteriorated(), "at least one deteriorates");
        assertTrue(b.caseAtIntake(), "PHQ-9 20 ≥ 10");
        assertFalse(b.recovered(), "PHQ-9 12 and GAD-7 12 are cases at latest");
        // Per instrument, each counts on its own.
        Map<String, InstrumentOutcomes> perInstrument = figures(List.of(B), ALL).outcomes();
        assertFigure("1.00", perInstrument.get("phq-9").reliableImprovementRate());
        assertFigure("1.00", perInstrument.get("gad-7").deteriorationRate());
        assertEquals(0, perInstrument.get("gad-7").casesAtIntake(), "GAD-7 6 < 8");
        assertNull(perInstrument.get("gad-7").recoveryRate());
    }

    @Test
    void thePairedRuleRecoversAClientWhoIsACaseOnNeitherAtLatest() {
        Outcomes.Verdict c = Outcomes.headline(counting(C, ALL)).orElseThrow();

        assertEquals(new Outcomes.Verdict(true, false, true, true), c);
    }

    @Test
    void headlineAndPerInstrumentFiguresOfFiveClients() {
        List<ClientScores> clients = List.of(A, B, C, D, E);

        // Headline: A (phq-9), B and C (paired), D (ors); E has one form. Improved A, C, D: 3/4;
        // deteriorated B: 1/4; cases at intake A (18), B (PHQ-9 20), C (12, 9), D (20 < 25): 4;
        // recovered C and D: 2/4.
        assertEquals(new OutcomeRates(4, new BigDecimal("0.75"), new BigDecimal("0.25"), 4, new BigDecimal("0.50")),
                figures(clients, ALL).rates());

        Map<String, InstrumentOutcomes> perInstrument = figures(clients, ALL).outcomes();
        assertEquals(List.of("phq-9", "gad-7", "ors"), List.copyOf(perInstrument.keySet()));
        // PHQ-9: A, B, C. Improved A, B: 2/3 = 0.67; none deteriorated; cases 18, 20, 12: 3; recovered
        // only C (8 < 10): 1/3 = 0.33; C's −4 is no reliable change: reliably recovered 0/3.
        assertEquals(new InstrumentOutcomes(3, new BigDecimal("0.67"), new BigDecimal("0.00"), 3,
                new BigDecimal("0.33"), new BigDecimal("0.00")), perInstrument.get("phq-9"));
        // GAD-7: B, C. Improved C 1/2, deteriorated B 1/2; a case at intake only C (9 ≥ 8), who recovered
        // (5 < 8) and improved reliably: 1/1 and 1/1.
        assertEquals(new InstrumentOutcomes(2, new BigDecimal("0.50"), new BigDecimal("0.50"), 1,
                new BigDecimal("1.00"), new BigDecimal("1.00")), perInstrument.get("gad-7"));
        assertEquals(new InstrumentOutcomes(1, new BigDecimal("1.00"), new BigDecimal("0.00"), 1,
                new BigDecimal("1.00"), new BigDecimal("1.00")), perInstrument.get("ors"));
    }

    @Test
    void withoutThePairTheClientsOneInstrumentIsPhq9ElseGad7ElseOrs() {
        // PHQ-9 18 → 15 (−3, no reliable change) and ORS 20 → 30 (+10): the headline judges PHQ-9.
        ClientScores client = client("f", Map.of(
                "phq-9", List.of(outcome("phq-9", 0, "18", "33.33"), outcome("phq-9", 9, "15", "44.44")),
                "ors", List.of(outcome("ors", 0, "20", "50.00"), outcome("ors", 9, "30", "75.00"))));

        assertEquals(new Outcomes.Verdict(false, false, true, false), Outcomes.headline(counting(client, ALL)).orElseThrow());
        assertEquals("phq-9", Outcomes.primary(counting(client, ALL)).orElseThrow().instrumentId());
    }

    @Test
    void ratesAreNullWhenNoClientCounts() {
        assertEquals(new OutcomeRates(0, null, null, 0, null), figures(List.of(E), ALL).rates());
    }

    @Test
    void theRulesAreThoseTheLatestFormCarried() {
        // An intake stored without rules (none in practice) is judged by the latest form's.
        List<FeedbackScore> history = List.of(score(0, "8", "70.37"), outcome("phq-9", 7, "15", "44.44"));

        assertTrue(Outcomes.deteriorated("phq-9", history), "8 → 15: +7 ≥ 6");
    }

    @Test
    void theDeteriorationAlertsConditionIsTheLatestReliablyWorseThanIntake() {
        assertTrue(Outcomes.deteriorated("phq-9", List.of(outcome("phq-9", 0, "8", "70.37"), outcome("phq-9", 7, "15", "44.44"))));
        assertFalse(Outcomes.deteriorated("phq-9", List.of(outcome("phq-9", 0, "8", "70.37"), outcome("phq-9", 7, "13", "51.85"))));
        // ORS 25 → 20: −5, reliably worse (higher is better).
        assertTrue(Outcomes.deteriorated("ors", List.of(outcome("ors", 0, "25", "62.50"), outcome("ors", 7, "20", "50.00"))));
        // Worse, then back within 5 of intake: no longer deteriorated (the alert may be raised again later).
        assertFalse(Outcomes.deteriorated("ors", List.of(outcome("ors", 0, "25", "62.50"), outcome("ors", 7, "20", "50.00"),
                outcome("ors", 14, "22", "55.00"))));
        assertFalse(Outcomes.deteriorated("phq-9", List.of(outcome("phq-9", 0, "8", "70.37"))));
    }

    @Test
    void earlyAllianceIsTheMeanOfTheFirstThreeAllianceFeedbacksOverAllAllianceInstruments() {
        // SRS 60 (day 0), WAI-SR 70 (day 1), SRS 80 (day 2), SRS 10 (day 3): (60 + 70 + 80) / 3 = 70.
        ClientScores client = new ClientScores("g", Map.of(
                "srs", List.of(score(0, "24", "60.00"), score(2, "32", "80.00"), score(3, "4", "10.00")),
                "wai-sr", List.of(score(1, "45.6", "70.00"))), Map.of());

        assertEquals(0, new BigDecimal("70").compareTo(client.state(DETECTOR).earlyAlliance().orElseThrow()));
        assertEquals(Optional.empty(), client("h", Map.of()).state(DETECTOR).earlyAlliance());
    }

    /**
     * Ten clients: early alliance (one SRS each) 50, 55, …, 95; ORS intake 10 (25.00), latest 11 …
     * 20, so the normalised changes are 2.5, 5, …, 25, except that the first two clients' changes
     * are swapped. Both variables are evenly spaced, so r equals Spearman's rank formula:
     * 1 − 6 Σd² / (n (n² − 1)) = 1 − 6 × 2 / (10 × 99) = 0.98788 → 0.99.
     */
    private static List<ClientScores> tenClients() {
        List<ClientScores> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int latest = i == 0 ? 12 : i == 1 ? 11 : 11 + i;
            String srsTotal = String.valueOf(20 + 2 * i);
            String srsNormalized = new BigDecimal(50 + 5 * i).setScale(2).toPlainString();
            String orsNormalized = new BigDecimal(latest).multiply(new BigDecimal("2.5")).setScale(2).toPlainString();
            clients.add(new ClientScores("r" + i, Map.of("srs", List.of(score(0, srsTotal, srsNormalized))),
                    Map.of("ors", List.of(outcome("ors", 0, "10", "25.00"), outcome("ors", 60, String.valueOf(latest), orsNormalized)))));
        }
        return clients;
    }

    @Test
    void allianceOutcomeRCorrelatesEarlyAllianceWithChangeFromIntakeOnThePrimaryInstrument() {
        Outcomes.AllianceOutcome r = figures(tenClients(), day(30)).allianceOutcome();

        assertEquals(10, r.clients());
        assertFigure("0.99", r.r());
    }

    @Test
    void allianceOutcomeRIsNullWithFewerThanTenClients() {
        Outcomes.AllianceOutcome nine = figures(tenClients().subList(0, 9), ALL).allianceOutcome();

        assertEquals(9, nine.clients());
        assertNull(nine.r());
        // The minimum is configurable.
        assertTrue(figures(tenClients().subList(0, 9), ALL, new Thresholds(new BigDecimal("10"), 3, 9, 10)).allianceOutcome().r() != null);
    }
}
