package dev.rapport.analytics.domain;

import static dev.rapport.analytics.domain.Scores.concern;
import static dev.rapport.analytics.domain.Scores.day;
import static dev.rapport.analytics.domain.Scores.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rupture episodes (domain.md, changed 2026-12-02), worked by hand. SRS normalised = total / 40 ×
 * 100; WAI-SR = (total − 12) / 48 × 100. "concern" marks a form feedback-service judged of concern
 * by the instrument's rule (srs: total &lt; 36 or any item &lt; 9).
 */
class RuptureDetectorTest {

    private final RuptureDetector detector = new RuptureDetector(Thresholds.defaults());

    @Test
    void aChronicallyLowSrsIsOneEpisodeNotFourRuptures() {
        // SRS 34, 34, 34, 34 (85.00): each below 36, of concern; the first opens the episode on the
        // client's first form, the other three belong to it. One episode, open, none repaired.
        List<FeedbackScore> history = List.of(concern(0, "34", "85.00"), concern(7, "34", "85.00"),
                concern(14, "34", "85.00"), concern(21, "34", "85.00"));

        RuptureHistory analysed = detector.analyse("srs", history);

        assertEquals(1, analysed.ruptures().size());
        Rupture episode = analysed.ruptures().get(0);
        assertSame(history.get(0), episode.feedback());
        assertNull(episode.scoreBefore());
        assertEquals(Set.of(RuptureCause.BELOW_CUTOFF), episode.causes());
        assertEquals(1, analysed.open().size());
        assertEquals(0, analysed.repairedCount());
    }

    @Test
    void anEpisodeOpenedOnTheFirstFormIsRepairedByAnyFormNotOfConcern() {
        // 34, 34, then 36.5 (91.25, every item ≥ 9): not of concern, nothing before the episode to reach.
        FeedbackScore repair = score(14, "36.5", "91.25");
        RuptureHistory analysed = detector.analyse("srs", List.of(concern(0, "34", "85.00"), concern(7, "34", "85.00"), repair));

        assertEquals(1, analysed.ruptures().size());
        assertSame(repair, analysed.ruptures().get(0).repairedBy());
        assertEquals(List.of(), analysed.open());
    }

    @Test
    void anSrsItemBelowNineIsOfConcernWhateverTheTotal() {
        // 39 (97.50), then 38.5 (96.25) with one item at 8.5: the total is fine and only 1.25
        // down, but feedback-service judged it of concern: an episode with 97.50 before it.
        RuptureHistory analysed = detector.analyse("srs", List.of(score(0, "39", "97.50"), concern(7, "38.5", "96.25")));

        assertEquals(1, analysed.ruptures().size());
        assertEquals(new BigDecimal("97.50"), analysed.ruptures().get(0).scoreBefore());
        assertEquals(Set.of(RuptureCause.BELOW_CUTOFF), analysed.ruptures().get(0).causes());
    }

    @Test
    void aWaiSrDropFrom100To75Then77StaysOneOpenEpisode() {
        // WAI-SR 60 (100.00), 48 (75.00): 25 points down, of concern (DROP), opens an episode with
        // 100 before it. 49 (77.08): 2.08 up, not of concern (WAI-SR has no concern rule), but
        // below 100: not a repair. One episode, open.
        RuptureHistory analysed = detector.analyse("wai-sr", List.of(score(0, "60", "100.00"), score(14, "48", "75.00"),
                score(28, "49", "77.08")));

        assertEquals(1, analysed.ruptures().size());
        assertEquals(new BigDecimal("100.00"), analysed.ruptures().get(0).scoreBefore());
        assertEquals(Set.of(RuptureCause.DROP), analysed.ruptures().get(0).causes());
        assertFalse(analysed.ruptures().get(0).repaired());
    }

    @Test
    void aRepairNeedsThePreEpisodeLevelNotThePreviousForm() {
        // SRS 38 (95), 30 (75: concern, opens with 95 before), 37 (92.5: not of concern, below 95),
        // 38 (95: at the pre-episode level) repairs it. One episode, repaired by the fourth form.
        FeedbackScore back = score(21, "38", "95.00");
        RuptureHistory analysed = detector.analyse("srs", List.of(score(0, "38", "95.00"), concern(7, "30", "75.00"),
                score(14, "37", "92.50"), back));

        assertEquals(1, analysed.ruptures().size());
        assertSame(back, analysed.ruptures().get(0).repairedBy());
        assertEquals(Set.of(RuptureCause.BELOW_CUTOFF, RuptureCause.DROP), analysed.ruptures().get(0).causes());
    }

    @Test
    void aFormOfConcernNeverRepairsEvenAboveThePreEpisodeLevel() {
        // 37 (92.5), 30 (75: opens), 38.5 with an item at 8.5 (96.25, above 92.5 but of concern): open.
        RuptureHistory analysed = detector.analyse("srs", List.of(score(0, "37", "92.50"), concern(7, "30", "75.00"),
                concern(14, "38.5", "96.25")));

        assertEquals(1, analysed.open().size());
    }

    @Test
    void afterARepairTheNextConcernOpensASecondEpisode() {
        // 38 (95), 34 (85: opens), 38 (95: repairs), 30 (75: opens a second one with 95 before it).
        RuptureHistory analysed = detector.analyse("srs", List.of(score(0, "38", "95.00"), concern(7, "34", "85.00"),
                score(14, "38", "95.00"), concern(21, "30", "75.00")));

        assertEquals(2, analysed.ruptures().size());
        assertTrue(analysed.ruptures().get(0).repaired());
        assertFalse(analysed.ruptures().get(1).repaired());
        assertEquals(new BigDecimal("95.00"), analysed.ruptures().get(1).scoreBefore());
    }

    @Test
    void theDropIsAgainstThePreviousFormAlsoInsideAnEpisode() {
        // WAI-SR 95, 80 (15 down: opens, 95 before), 68 (12 below 80: of concern, same episode),
        // 90 (not of concern, below 95: open still).
        RuptureHistory analysed = detector.analyse("wai-sr", List.of(score(0, "57.6", "95.00"), score(7, "50.4", "80.00"),
                score(14, "44.64", "68.00"), score(21, "55.2", "90.00")));

        assertEquals(1, analysed.ruptures().size());
        assertEquals(1, analysed.open().size());
    }

    @Test
    void aHistoryIsReadInSubmissionOrderAndAFormTwiceCountsOnce() {
        FeedbackScore first = score(0, "38", "95.00");
        FeedbackScore low = concern(7, "34", "85.00");
        FeedbackScore back = score(14, "38", "95.00");
        RuptureHistory inOrder = detector.analyse("srs", List.of(first, low, back));

        assertEquals(inOrder, detector.analyse("srs", List.of(back, low, first, low)));
    }

    @Test
    void aLateFormCanMoveWhereTheEpisodeOpensAndTheChangesSaySo() {
        // Known: 34 (day 7, concern: opens on the first form). A 38 of day 0 arrives late: the
        // episode now opens on the same 34 but with 95 before it; matched by the opening form,
        // nothing changes in the counts. A late 36.5 of day 10 repairs it: +1 repair.
        FeedbackScore low = concern(7, "34", "85.00");
        RuptureHistory before = detector.analyse("srs", List.of(low));
        RuptureHistory withEarlier = detector.analyse("srs", List.of(score(0, "38", "95.00"), low));
        assertTrue(withEarlier.changesFrom(before).isNone());

        RuptureHistory withLater = detector.analyse("srs", List.of(low, score(10, "36.5", "91.25")));
        RuptureChanges changes = withLater.changesFrom(before);
        assertEquals(List.of(), changes.ruptured());
        assertEquals(1, changes.repaired().size());
    }

    @Test
    void aLateConcernInsideAnEpisodeChangesNothing() {
        // 38, 34 (opens), 38 (repairs). A late 33 (concern) between 34 and the repair joins the open
        // episode: no new episode, the repair stands (38 ≥ 95 and not of concern).
        FeedbackScore first = score(0, "38", "95.00");
        FeedbackScore low = concern(7, "34", "85.00");
        FeedbackScore back = score(21, "38", "95.00");
        RuptureHistory before = detector.analyse("srs", List.of(first, low, back));
        RuptureHistory after = detector.analyse("srs", List.of(first, low, concern(14, "33", "82.50"), back));

        assertTrue(after.changesFrom(before).isNone());
    }

    @Test
    void erasingAHistoryTakesBackItsEpisodesAndRepairs() {
        RuptureHistory before = detector.analyse("srs", List.of(score(0, "38", "95.00"), concern(7, "34", "85.00"),
                score(14, "38", "95.00"), concern(21, "30", "75.00")));

        RuptureChanges erased = detector.analyse("srs", List.of()).changesFrom(before);

        assertEquals(2, erased.unruptured().size());
        assertEquals(1, erased.unrepaired().size());
    }

    private ClientFigures figures(List<ClientScores> clients, Instant since) {
        return ClientFigures.of(clients.stream().map(c -> c.state(detector)).toList(), since, Thresholds.defaults());
    }

    @Test
    void openRupturesCountsClientsWithAnEpisodeOpenOnAnyAllianceInstrument() {
        // c1: SRS episode open, later WAI-SR fine: still open (domain.md: clients with an episode open now).
        ClientScores c1 = new ClientScores("c1", Map.of("srs", List.of(concern(0, "30", "75.00")),
                "wai-sr", List.of(score(7, "60", "100.00"))), Map.of());
        // c2: repaired. c3: no alliance form. c4: two open episodes (SRS and WAI-SR): one client.
        ClientScores c2 = new ClientScores("c2", Map.of("srs", List.of(concern(0, "30", "75.00"), score(7, "36", "90.00"))), Map.of());
        ClientScores c3 = new ClientScores("c3", Map.of(), Map.of());
        ClientScores c4 = new ClientScores("c4", Map.of("srs", List.of(concern(0, "30", "75.00")),
                "wai-sr", List.of(score(0, "60", "100.00"), score(7, "48", "75.00"))), Map.of());

        assertEquals(2, figures(List.of(c1, c2, c3, c4), day(0)).openRuptures());
        assertEquals(2, c4.state(detector).openRuptures().size());
    }

    @Test
    void theClientsOfEpisodesOpenedInAWindowCountOnce() {
        // c1: episodes opened on day 0 and day 21; c2: on day 5; c3: none. From day 10: c1 only.
        ClientScores c1 = new ClientScores("c1", Map.of("srs", List.of(concern(0, "30", "75.00"), score(7, "38", "95.00"),
                concern(21, "30", "75.00"))), Map.of());
        ClientScores c2 = new ClientScores("c2", Map.of("srs", List.of(concern(5, "30", "75.00"))), Map.of());
        ClientScores c3 = new ClientScores("c3", Map.of("srs", List.of(score(5, "38", "95.00"))), Map.of());

        assertEquals(1, figures(List.of(c1, c2, c3), day(10)).ruptureClients());
        assertEquals(2, figures(List.of(c1, c2, c3), day(0)).ruptureClients());
    }

    @Test
    void theDropIsConfigurable() {
        // WAI-SR 57.6 (95.00) → 54 (87.50): a fall of 7.5, nothing by default; an episode with a 5-point drop.
        List<FeedbackScore> history = List.of(score(0, "57.6", "95.00"), score(7, "54", "87.50"));

        assertEquals(0, detector.analyse("wai-sr", history).ruptures().size());
        assertEquals(1, new RuptureDetector(new Thresholds(new BigDecimal("5"), 3, 10, 10)).analyse("wai-sr", history).ruptures().size());
    }
}
