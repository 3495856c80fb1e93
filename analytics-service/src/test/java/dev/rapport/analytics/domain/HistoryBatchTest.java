package dev.rapport.analytics.domain;

import static dev.rapport.analytics.domain.Scores.concern;
import static dev.rapport.analytics.domain.Scores.day;
import static dev.rapport.analytics.domain.Scores.outcome;
import static dev.rapport.analytics.domain.Scores.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A consumer batch's effect on the histories, without a database or a broker (STYLE.md: stateful logic tested without a boot). */
class HistoryBatchTest {

    private static final UUID COUNSELLOR = UUID.randomUUID();
    private static final HistoryKey SRS = new HistoryKey(COUNSELLOR, "ref-1", "srs");
    private static final HistoryKey PHQ9 = new HistoryKey(COUNSELLOR, "ref-1", "phq-9");

    private final HistoryBatch batch = new HistoryBatch(new RuptureDetector(Thresholds.defaults()));

    @Test
    void aLateConcernOpensAnEpisodeThatALaterFormHadAlreadyRepaired() {
        // SRS 38 (day 0) and 38 (day 14) stored; the batch brings 30 (day 7): the episode opens on
        // day 7 and day 14's 38 repairs it: +1 rupture, +1 repair, both on day 7; one alert.
        FeedbackScore late = concern(7, "30", "75.00");
        List<FeedbackScore> after = List.of(score(0, "38", "95.00"), late, score(14, "38", "95.00"));

        HistoryBatch.Effect effect = batch.of(List.of(new HistoryBatch.Added(SRS, true, late.feedbackId())), Map.of(SRS, after));

        assertEquals(List.of(new HistoryBatch.Contribution(COUNSELLOR, DayTotals.dayOf(day(7)), DayTotals.rupture()),
                new HistoryBatch.Contribution(COUNSELLOR, DayTotals.dayOf(day(7)), DayTotals.repair())), effect.dayRows());
        assertEquals(1, effect.raised().size());
        HistoryBatch.RuptureOpened opened = assertInstanceOf(HistoryBatch.RuptureOpened.class, effect.raised().get(0));
        assertEquals(late.feedbackId(), opened.feedbackId());
        assertEquals(0, opened.episode().scoreBefore().compareTo(new java.math.BigDecimal("95.00")));
        HistoryBatch.StateAfter state = effect.states().get(0);
        assertNull(state.state().open(), "repaired by day 14");
        assertEquals(day(7), state.state().lastEpisodeAt());
    }

    @Test
    void aConcernInsideAnOpenEpisodeRaisesNothingAndAddsNothing() {
        // SRS 34 (day 0) opened an episode (the first form); the batch brings 34 (day 7): same episode.
        FeedbackScore second = concern(7, "34", "85.00");
        HistoryBatch.Effect effect = batch.of(List.of(new HistoryBatch.Added(SRS, true, second.feedbackId())),
                Map.of(SRS, List.of(concern(0, "34", "85.00"), second)));

        assertEquals(List.of(), effect.dayRows());
        assertEquals(List.of(), effect.raised());
        assertEquals(day(0), effect.states().get(0).state().open().feedback().submittedAt());
    }

    @Test
    void theDeteriorationAlertIsRaisedOnceByTheFormThatMakesTheLatestReliablyWorse() {
        // PHQ-9 8 stored; the batch brings 15 (+7 ≥ 6: deteriorated) then 16 (still): one alert, for the 15.
        FeedbackScore worse = outcome("phq-9", 7, "15", "44.44");
        FeedbackScore worseStill = outcome("phq-9", 14, "16", "40.74");
        List<FeedbackScore> after = List.of(outcome("phq-9", 0, "8", "70.37"), worse, worseStill);

        HistoryBatch.Effect effect = batch.of(List.of(new HistoryBatch.Added(PHQ9, false, worse.feedbackId()),
                new HistoryBatch.Added(PHQ9, false, worseStill.feedbackId())), Map.of(PHQ9, after));

        assertEquals(1, effect.raised().size());
        HistoryBatch.Deteriorated deteriorated = assertInstanceOf(HistoryBatch.Deteriorated.class, effect.raised().get(0));
        assertEquals(worse.feedbackId(), deteriorated.feedbackId());
        assertEquals(worse, deteriorated.change().latest());
        assertEquals(List.of(), effect.dayRows());
        assertEquals(3, effect.states().get(0).state().forms());
        assertEquals(worseStill, effect.states().get(0).state().latest());
    }

    @Test
    void theStateAfterABatchIsTheSameWhateverOrderItsFormsCameIn() {
        List<FeedbackScore> srs = List.of(score(0, "38", "95.00"), concern(7, "30", "75.00"), score(14, "36", "90.00"),
                concern(21, "33", "82.50"));
        List<HistoryBatch.Added> inOrder = new ArrayList<>();
        srs.forEach(form -> inOrder.add(new HistoryBatch.Added(SRS, true, form.feedbackId())));
        List<HistoryBatch.Added> reversed = new ArrayList<>(inOrder);
        java.util.Collections.reverse(reversed);

        HistoryBatch.Effect forwards = batch.of(inOrder, Map.of(SRS, srs));
        HistoryBatch.Effect backwards = batch.of(reversed, Map.of(SRS, srs));

        assertEquals(forwards.states(), backwards.states());
        // Episodes (day 7, open since day 14's 36 < 95; day 21's concern belongs to it): +1 rupture, net.
        assertEquals(sum(forwards.dayRows()), sum(backwards.dayRows()));
        assertEquals(DayTotals.rupture(), sum(forwards.dayRows()));
    }

    private static DayTotals sum(List<HistoryBatch.Contribution> contributions) {
        DayTotals total = DayTotals.ZERO;
        for (HistoryBatch.Contribution c : contributions) {
            total = total.plus(c.totals());
        }
        return total;
    }
}
