package dev.rapport.analytics.domain;

import static dev.rapport.analytics.domain.Scores.concern;
import static dev.rapport.analytics.domain.Scores.day;
import static dev.rapport.analytics.domain.Scores.outcome;
import static dev.rapport.analytics.domain.Scores.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientContributionsTest {

    private static final RuptureDetector DETECTOR = new RuptureDetector(Thresholds.defaults());
    private static final Thresholds THRESHOLDS = Thresholds.defaults();

    /** PHQ-9 18 → 8 (day 0 → 40: improved, recovered); GAD-7 12 → 14 (day 3 → 10: no reliable change, still a case). */
    private static final ClientScores PAIRED = new ClientScores("paired", Map.of(), Map.of(
            "phq-9", List.of(outcome("phq-9", 0, "18", "33.33"), outcome("phq-9", 40, "8", "70.37")),
            "gad-7", List.of(outcome("gad-7", 3, "12", "42.86"), outcome("gad-7", 10, "14", "33.33"))));

    @Test
    void aClientsRowsSitOnTheDaysOfItsLatestFormsAndDifferFromStepToStep() {
        Map<LocalDate, Map<String, BigDecimal>> rows = ClientContributions.of(PAIRED.state(DETECTOR));

        assertEquals(List.of(dayOf(40), dayOf(10)), new ArrayList<>(rows.keySet()));
        // Day 40: PHQ-9 alone, the headline verdict from it (improved, a case at intake, recovered).
        assertEquals(decimals(Map.of("outcomes.phq-9.clients", 1, "outcomes.phq-9.judged", 1, "outcomes.phq-9.improved", 1,
                "outcomes.phq-9.cases", 1, "outcomes.phq-9.recovered", 1, "outcomes.phq-9.reliablyRecovered", 1,
                "headline.clients", 1, "headline.judged", 1, "headline.improved", 1, "headline.cases", 1)), rows.get(dayOf(40))
                .entrySet().stream().filter(e -> !e.getKey().equals("headline.recovered"))
                .collect(HashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        // Day 10: GAD-7 joins; the paired verdict replaces PHQ-9's alone: improved (PHQ-9 reliably
        // better, neither worse), no longer recovered (GAD-7 is a case at latest).
        assertEquals(decimals(Map.of("outcomes.gad-7.clients", 1, "outcomes.gad-7.judged", 1, "outcomes.gad-7.cases", 1,
                "headline.recovered", -1)), rows.get(dayOf(10)));
        assertEquals(BigDecimal.ONE, rows.get(dayOf(40)).get("headline.recovered"));
    }

    @Test
    void theRowsOnOrAfterAWindowsFirstDayAreWhatTheClientsAddToThatWindow() {
        List<ClientState> clients = clients();
        for (int first = -3; first <= 70; first++) {
            LocalDate firstDay = dayOf(first);
            ClientFigures.Tally tally = new ClientFigures.Tally(firstDay.atStartOfDay(ZoneOffset.UTC).toInstant(), THRESHOLDS);
            Map<String, BigDecimal> summed = new HashMap<>();
            for (ClientState client : clients) {
                tally.add(client);
                ClientContributions.of(client).forEach((day, figures) -> {
                    if (!day.isBefore(firstDay)) {
                        figures.forEach((figure, value) -> summed.merge(figure, value, BigDecimal::add));
                    }
                });
            }
            summed.values().removeIf(value -> value.signum() == 0);
            assertEquals(numbers(tally.sums()), numbers(summed), "window starting on day " + first);
            assertEquals(tally.figures(), ClientFigures.of(summed, THRESHOLDS), "window starting on day " + first);
        }
    }

    @Test
    void aChangeIsTheRowsAfterLessTheRowsBefore() {
        ClientState before = new ClientScores("c", Map.of("srs", List.of(score(0, "38", "95.00"))),
                Map.of("ors", List.of(outcome("ors", 0, "20", "50.00")))).state(DETECTOR);
        ClientState after = before.with("srs", true, HistoryState.of(true, "srs",
                List.of(score(0, "38", "95.00"), concern(9, "30", "75.00")), DETECTOR));
        Map<LocalDate, Map<String, BigDecimal>> change = ClientContributions.change(before, after);

        // An episode opens on day 9 and stays open: a rupture client from day 9, an open rupture in every window.
        assertEquals(Map.of(dayOf(9), decimals(Map.of("ruptureClients", 1)),
                ClientContributions.EVERY_WINDOW, decimals(Map.of("openRuptures", 1))), change);
        assertEquals(Map.of(), ClientContributions.change(after, after));
        Map<LocalDate, Map<String, BigDecimal>> gone = ClientContributions.change(after, null);
        ClientContributions.of(after).forEach((day, figures) -> figures.forEach((figure, value) ->
                assertEquals(value.negate(), gone.get(day).get(figure))));
        assertTrue(ClientContributions.change(null, null).isEmpty());
    }

    /** Rupture clients (open, repaired), outcome clients on one and on paired instruments, and ten clients for r. */
    private static List<ClientState> clients() {
        List<ClientScores> scores = new ArrayList<>();
        scores.add(PAIRED);
        scores.add(new ClientScores("open", Map.of("srs", List.of(concern(2, "34", "85.00"), concern(5, "34", "85.00"))), Map.of()));
        scores.add(new ClientScores("repaired", Map.of(
                "wai-sr", List.of(score(0, "50", "83.33"), score(20, "35", "58.33"), score(30, "51", "85.00")),
                "srs", List.of(score(1, "38", "95.00"))), Map.of(
                "ors", List.of(outcome("ors", 0, "30", "75.00"), outcome("ors", 25, "20", "50.00")))));
        scores.add(new ClientScores("worse", Map.of(), Map.of(
                "phq-9", List.of(outcome("phq-9", 0, "8", "70.37"), outcome("phq-9", 15, "15", "44.44")),
                "gad-7", List.of(outcome("gad-7", 0, "9", "57.14"), outcome("gad-7", 60, "3", "85.71")))));
        for (int i = 0; i < 10; i++) {
            int latest = 11 + i;
            scores.add(new ClientScores("r" + i, Map.of("srs", List.of(score(i, String.valueOf(20 + 2 * i),
                    new BigDecimal(50 + 5 * i).setScale(2).toPlainString()))),
                    Map.of("ors", List.of(outcome("ors", 0, "10", "25.00"), outcome("ors", 5 * i + 3, String.valueOf(latest),
                            new BigDecimal(latest).multiply(new BigDecimal("2.5")).setScale(2).toPlainString())))));
        }
        return scores.stream().map(s -> s.state(DETECTOR)).toList();
    }

    private static LocalDate dayOf(int day) {
        return DayTotals.dayOf(day(day));
    }

    private static Map<String, BigDecimal> decimals(Map<String, Integer> values) {
        Map<String, BigDecimal> decimals = new HashMap<>();
        values.forEach((figure, value) -> decimals.put(figure, BigDecimal.valueOf(value)));
        return decimals;
    }

    /** Equal as numbers: scales aside. */
    private static Map<String, BigDecimal> numbers(Map<String, BigDecimal> sums) {
        Map<String, BigDecimal> numbers = new HashMap<>();
        sums.forEach((figure, value) -> numbers.put(figure, value.stripTrailingZeros()));
        return numbers;
    }
}
