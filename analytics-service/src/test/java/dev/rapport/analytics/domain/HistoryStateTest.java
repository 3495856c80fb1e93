package dev.rapport.analytics.domain;

import static dev.rapport.analytics.domain.Scores.concern;
import static dev.rapport.analytics.domain.Scores.day;
import static dev.rapport.analytics.domain.Scores.outcome;
import static dev.rapport.analytics.domain.Scores.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The state a view reads instead of a client's forms (issue 13), worked by hand. */
class HistoryStateTest {

    private final RuptureDetector detector = new RuptureDetector(Thresholds.defaults());

    private HistoryState alliance(String instrument, List<FeedbackScore> history) {
        return HistoryState.alliance(detector.analyse(instrument, history));
    }

    @Test
    void aWaiSrDropFrom100To75Then77KeepsTheEpisodeOpenAgainstTheScoreBeforeIt() {
        FeedbackScore drop = score(7, "45", "75.00");
        HistoryState state = alliance("wai-sr", List.of(score(0, "60", "100.00"), drop, score(14, "46.2", "77.00")));

        assertEquals(3, state.forms());
        assertEquals(drop, state.open().feedback());
        assertEquals(0, new BigDecimal("100.00").compareTo(state.open().scoreBefore()));
        assertEquals(Set.of(RuptureCause.DROP), state.open().causes());
        assertEquals(day(7), state.lastEpisodeAt());
        assertEquals(3, state.early().size());
    }

    @Test
    void srs34FourTimesIsOneEpisodeOpenFromTheFirstForm() {
        HistoryState state = alliance("srs", List.of(concern(0, "34", "85.00"), concern(7, "34", "85.00"),
                concern(14, "34", "85.00"), concern(21, "34", "85.00")));

        assertEquals(day(0), state.lastEpisodeAt());
        assertEquals(day(0), state.open().feedback().submittedAt());
        assertNull(state.open().scoreBefore(), "opened on the first form: any form not of concern repairs it");
        assertEquals(List.of(day(0), day(7), day(14)), state.early().stream().map(FeedbackScore::submittedAt).toList());
    }

    @Test
    void aRepairedEpisodeLeavesNothingOpenButWhenItOpened() {
        HistoryState state = alliance("srs", List.of(score(0, "38", "95.00"), concern(7, "30", "75.00"), score(14, "38", "95.00")));

        assertNull(state.open());
        assertEquals(day(7), state.lastEpisodeAt());
    }

    @Test
    void anOutcomeStateIsIntakeAndLatestWithTheRulesInForce() {
        HistoryState state = HistoryState.outcome("phq-9", List.of(score(0, "18", "33.33"), outcome("phq-9", 30, "12", "55.56"),
                outcome("phq-9", 60, "10", "62.96")));

        assertEquals(3, state.forms());
        assertEquals(day(0), state.intake().submittedAt());
        assertEquals(day(60), state.latest().submittedAt());
        assertEquals(outcome("phq-9", 60, "10", "62.96").rules(), state.rules(), "the intake carried none: the newest form's");
        assertEquals(List.of(), state.early());
        assertEquals(true, state.change().orElseThrow().improved(), "18 → 10: −8 ≥ 6");
        assertEquals(List.of(), HistoryState.outcome("phq-9", List.of(score(0, "18", "33.33"))).change().stream().toList());
    }

    @Test
    void everyFormTwiceAndInReverseOrderGivesTheSameState() {
        List<FeedbackScore> srs = List.of(score(0, "38", "95.00"), concern(7, "30", "75.00"), score(14, "36", "90.00"),
                score(21, "39", "97.50"), concern(28, "33", "82.50"));
        List<FeedbackScore> phq9 = List.of(outcome("phq-9", 0, "20", "25.93"), outcome("phq-9", 30, "14", "48.15"),
                outcome("phq-9", 60, "9", "66.67"));

        assertEquals(alliance("srs", srs), alliance("srs", twiceReversed(srs)));
        assertEquals(HistoryState.outcome("phq-9", phq9), HistoryState.outcome("phq-9", twiceReversed(phq9)));
    }

    private static List<FeedbackScore> twiceReversed(List<FeedbackScore> history) {
        List<FeedbackScore> twice = new ArrayList<>(history);
        twice.addAll(history);
        Collections.reverse(twice);
        return twice;
    }
}
