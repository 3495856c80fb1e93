package dev.rapport.analytics.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.rapport.analytics.domain.Scores.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuptureDetectorTest {

    private final RuptureDetector detector = new RuptureDetector(Thresholds.defaults());

    // SRS normalised = total / 40 × 100 (steps of 0.25); WAI-SR = (total − 12) / 48 × 100.

    @ParameterizedTest(name = "[{index}] {0}: {1} → {2} gives {3}")
    @CsvSource(textBlock = """
            # instrument | previous | score | causes
            # SRS 35.9 of 40 is below 36, the first form already
            srs,    ,       89.75,  BELOW_CUTOFF
            # SRS 36.0 is not below 36
            srs,    ,       90.00,  ''
            # WAI-SR has no cut-off: even 25.00 (total 24) is no rupture on its own
            wai-sr, ,       25.00,  ''
            # SRS 40.0 → 36.0: a fall of exactly 10, not below the cut-off
            srs,    100.00, 90.00,  DROP
            # SRS 40.0 → 36.1: a fall of 9.75
            srs,    100.00, 90.25,  ''
            # SRS 38.0 → 35.9: below, but a fall of only 5.25
            srs,    95.00,  89.75,  BELOW_CUTOFF
            # SRS 38.0 → 30.0: below and a fall of 20
            srs,    95.00,  75.00,  BELOW_CUTOFF DROP
            # WAI-SR 54 → 49: a fall of 10.42
            wai-sr, 87.50,  77.08,  DROP
            # WAI-SR 54 → 50: a fall of 8.33
            wai-sr, 87.50,  79.17,  ''
            # a rise is never a rupture
            wai-sr, 25.00,  37.50,  ''
            """)
    void aFeedbackIsARuptureBelowTheCutoffOrTenPointsBelowTheClientsPreviousScore(
            String instrument, String previous, String normalized, String causes) {
        List<FeedbackScore> history = previous == null ? List.of() : List.of(score(0, "0", previous));

        RuptureStep step = detector.next(instrument, history, score(1, "0", normalized));

        Set<RuptureCause> expected = causes.isBlank() ? Set.of()
                : Arrays.stream(causes.split(" ")).map(RuptureCause::valueOf).collect(Collectors.toSet());
        assertEquals(expected, step.newRupture().map(Rupture::causes).orElse(Set.of()));
    }

    @Test
    void anSrsRuptureIsRepairedOnlyWhenTheClientIsBackAtTheScoreBeforeIt() {
        FeedbackScore before = score(0, "38.0", "95.00");
        FeedbackScore rupture = score(7, "30.0", "75.00");
        FeedbackScore notYet = score(14, "37.0", "92.50");
        FeedbackScore back = score(21, "38.5", "96.25");

        assertTrue(detector.next("srs", List.of(), before).isNone());

        RuptureStep ruptured = detector.next("srs", List.of(before), rupture);
        assertEquals(Set.of(RuptureCause.BELOW_CUTOFF, RuptureCause.DROP), ruptured.rupture().causes());
        assertEquals(new BigDecimal("95.00"), ruptured.rupture().scoreBefore());
        assertEquals(new BigDecimal("95.00"), ruptured.rupture().repairTarget());
        assertTrue(ruptured.repaired().isEmpty());

        // 92.50 is above the cut-off and a rise, but short of 95.00
        assertTrue(detector.next("srs", List.of(before, rupture), notYet).isNone());

        RuptureStep repaired = detector.next("srs", List.of(before, rupture, notYet), back);
        assertFalse(repaired.isRupture());
        assertEquals(1, repaired.repaired().size());
        assertEquals(rupture, repaired.repaired().get(0).feedback());
        assertEquals(back, repaired.repaired().get(0).repairedBy());
    }

    @Test
    void theWholeHistoryGivesTheSameRupturesAndRepairsAsTheStepsOneByOne() {
        FeedbackScore before = score(0, "38.0", "95.00");
        FeedbackScore rupture = score(7, "30.0", "75.00");
        FeedbackScore notYet = score(14, "37.0", "92.50");
        FeedbackScore back = score(21, "38.5", "96.25");

        RuptureHistory history = detector.analyse("srs", List.of(before, rupture, notYet, back));

        assertEquals(1, history.ruptures().size());
        Rupture only = history.ruptures().get(0);
        assertEquals(rupture, only.feedback());
        assertEquals(new BigDecimal("95.00"), only.scoreBefore());
        assertEquals(back, only.repairedBy());
        assertTrue(history.open().isEmpty());
        assertEquals(1, history.repairedCount());
    }

    @Test
    void aHistoryIsReadInSubmissionOrderWhateverOrderItIsGivenIn() {
        FeedbackScore before = score(0, "38.0", "95.00");
        FeedbackScore rupture = score(7, "30.0", "75.00");

        RuptureHistory history = detector.analyse("srs", List.of(rupture, before));

        assertEquals(List.of(before, rupture), history.feedback());
        assertEquals(rupture, history.ruptures().get(0).feedback());
    }

    @Test
    void aCutoffRuptureOnTheFirstFormIsRepairedAtTheCutoff() {
        FeedbackScore first = score(0, "32.0", "80.00");
        FeedbackScore below = score(7, "35.9", "89.75");
        FeedbackScore atCutoff = score(14, "36.0", "90.00");

        RuptureStep opening = detector.next("srs", List.of(), first);
        assertNull(opening.rupture().scoreBefore());
        assertEquals(new BigDecimal("90.00"), opening.rupture().repairTarget());

        RuptureHistory stillBelow = detector.analyse("srs", List.of(first, below));
        assertFalse(stillBelow.ruptureOf(first.feedbackId()).orElseThrow().repaired());

        RuptureHistory back = detector.analyse("srs", List.of(first, below, atCutoff));
        assertEquals(atCutoff, back.ruptureOf(first.feedbackId()).orElseThrow().repairedBy());
    }

    @Test
    void everyFormBelowTheCutoffIsARuptureRepairedByReachingTheScoreRightBeforeIt() {
        FeedbackScore first = score(0, "32.0", "80.00");
        FeedbackScore second = score(7, "34.0", "85.00");
        FeedbackScore third = score(14, "32.0", "80.00");

        RuptureHistory history = detector.analyse("srs", List.of(first, second, third));

        assertEquals(3, history.ruptures().size());
        // second (85.00) had 80.00 before it: the third form, back at 80.00, repairs it
        Rupture secondRupture = history.ruptureOf(second.feedbackId()).orElseThrow();
        assertEquals(new BigDecimal("80.00"), secondRupture.scoreBefore());
        assertEquals(third, secondRupture.repairedBy());
        // first had no score before: only 90.00 repairs it
        assertFalse(history.ruptureOf(first.feedbackId()).orElseThrow().repaired());
        assertFalse(history.ruptureOf(third.feedbackId()).orElseThrow().repaired());
    }

    @Test
    void aLaterFormRepairsOnlyTheRupturesWhoseScoreBeforeItReaches() {
        FeedbackScore start = score(0, "57", "93.75");
        FeedbackScore firstFall = score(7, "51", "81.25");
        FeedbackScore secondFall = score(14, "45", "68.75");
        FeedbackScore partWayBack = score(21, "54", "87.50");
        FeedbackScore allTheWay = score(28, "57", "93.75");

        RuptureStep partly = detector.next("wai-sr", List.of(start, firstFall, secondFall), partWayBack);
        assertEquals(List.of(secondFall), partly.repaired().stream().map(Rupture::feedback).toList());

        RuptureStep fully = detector.next("wai-sr", List.of(start, firstFall, secondFall, partWayBack), allTheWay);
        assertEquals(List.of(firstFall), fully.repaired().stream().map(Rupture::feedback).toList());
    }

    @Test
    void oneFormCanRepairAnEarlierRuptureAndBeARuptureItself() {
        FeedbackScore first = score(0, "35.2", "88.00");
        FeedbackScore fall = score(7, "28.0", "70.00");
        FeedbackScore partWayBack = score(14, "35.2", "88.00");

        RuptureStep step = detector.next("srs", List.of(first, fall), partWayBack);

        // back at the 88.00 before the fall; still below the cut-off, which is also what the first form's rupture needs
        assertEquals(List.of(fall), step.repaired().stream().map(Rupture::feedback).toList());
        assertEquals(Set.of(RuptureCause.BELOW_CUTOFF), step.rupture().causes());
        assertEquals(new BigDecimal("70.00"), step.rupture().scoreBefore());
    }

    @Test
    void aRedeliveredFormChangesNothing() {
        FeedbackScore before = score(0, "38.0", "95.00");
        FeedbackScore rupture = score(7, "30.0", "75.00");

        assertTrue(detector.next("srs", List.of(before, rupture), rupture).isNone());
    }

    @Test
    void aFormOlderThanTheHistorysLatestIsNotAPlainStep() {
        List<FeedbackScore> history = List.of(score(0, "54", "87.50"), score(2, "48", "75.00"));

        assertThrows(IllegalArgumentException.class,
                () -> detector.next("wai-sr", history, score(1, "49", "77.08")));
    }

    @Test
    void aLateFormCanMoveTheRuptureToItselfAndTheChangesSaySo() {
        FeedbackScore start = score(0, "54", "87.50");
        FeedbackScore fall = score(2, "48", "75.00");
        FeedbackScore late = score(1, "49", "77.08");
        RuptureHistory before = detector.analyse("wai-sr", List.of(start, fall));

        RuptureChanges changes = detector.analyse("wai-sr", List.of(start, fall, late)).changesFrom(before);

        // 87.50 → 77.08 falls 10.42: a rupture; 77.08 → 75.00 falls 2.08: no longer one
        assertEquals(List.of(late), changes.ruptured().stream().map(Rupture::feedback).toList());
        assertEquals(List.of(fall), changes.unruptured().stream().map(Rupture::feedback).toList());
        assertTrue(changes.repaired().isEmpty());
        assertTrue(changes.unrepaired().isEmpty());
    }

    @Test
    void erasingAHistoryTakesBackItsRupturesAndRepairs() {
        FeedbackScore before = score(0, "38.0", "95.00");
        FeedbackScore rupture = score(7, "30.0", "75.00");
        FeedbackScore back = score(21, "38.5", "96.25");
        RuptureHistory was = detector.analyse("srs", List.of(before, rupture, back));

        RuptureChanges changes = detector.analyse("srs", List.of()).changesFrom(was);

        assertEquals(List.of(rupture), changes.unruptured().stream().map(Rupture::feedback).toList());
        assertEquals(List.of(rupture), changes.unrepaired().stream().map(Rupture::feedback).toList());
        assertTrue(changes.ruptured().isEmpty());
    }

    @Test
    void analysingAHistoryTwiceChangesNothing() {
        List<FeedbackScore> forms = List.of(score(0, "38.0", "95.00"), score(7, "30.0", "75.00"));

        assertTrue(detector.analyse("srs", forms).changesFrom(detector.analyse("srs", forms)).isNone());
    }

    @Test
    void aClientsRuptureIsOpenWhileTheirLatestAllianceFormIsIt() {
        Map<String, List<FeedbackScore>> alliance = Map.of("srs", List.of(score(0, "38.0", "95.00"), score(7, "30.0", "75.00")));

        assertTrue(detector.hasOpenRupture(alliance));
    }

    @Test
    void aLaterSoundFormOnTheOtherAllianceInstrumentClosesTheClientsOpenRupture() {
        Map<String, List<FeedbackScore>> alliance = Map.of(
                "srs", List.of(score(0, "38.0", "95.00"), score(7, "30.0", "75.00")),
                "wai-sr", List.of(score(8, "48", "75.00")));

        assertFalse(detector.hasOpenRupture(alliance));
        // ... while the SRS rupture itself stays unrepaired for repairRate
        assertEquals(1, detector.analyse("srs", alliance.get("srs")).open().size());
    }

    @Test
    void openRupturesCountsTheClientsWhoseLatestAllianceFormIsAnUnrepairedRupture() {
        ClientScores ruptured = client("a", Map.of("srs", List.of(score(0, "38.0", "95.00"), score(7, "30.0", "75.00"))));
        ClientScores repaired = client("b", Map.of("srs",
                List.of(score(0, "38.0", "95.00"), score(7, "30.0", "75.00"), score(14, "38.5", "96.25"))));
        ClientScores soundSince = client("c", Map.of(
                "srs", List.of(score(0, "38.0", "95.00"), score(7, "30.0", "75.00")),
                "wai-sr", List.of(score(8, "48", "75.00"))));
        // two forms at the same latest instant, one of them a rupture (SRS 30.0 on a first form)
        ClientScores tied = client("d", Map.of(
                "srs", List.of(score(7, "30.0", "75.00")),
                "wai-sr", List.of(score(7, "48", "75.00"))));
        ClientScores noAlliance = client("e", Map.of());

        assertEquals(2, detector.openRuptures(List.of(ruptured, repaired, soundSince, tied, noAlliance)));
    }

    @Test
    void theDropAndTheCutoffAreConfigurable() {
        Thresholds strict = new Thresholds(new BigDecimal("5.00"), Map.of("srs", new BigDecimal("95.00")), 3, 5,
                Thresholds.defaults().reliableChange());
        RuptureDetector tuned = new RuptureDetector(strict);

        // SRS 38.0 → 37.0: a fall of 2.50, below 95.00
        assertEquals(Set.of(RuptureCause.BELOW_CUTOFF),
                tuned.next("srs", List.of(score(0, "38.0", "95.00")), score(1, "37.0", "92.50")).rupture().causes());
        // WAI-SR 54 → 51: a fall of 6.25 ≥ 5
        assertEquals(Set.of(RuptureCause.DROP),
                tuned.next("wai-sr", List.of(score(0, "54", "87.50")), score(1, "51", "81.25")).rupture().causes());
    }

    private static ClientScores client(String ref, Map<String, List<FeedbackScore>> alliance) {
        return new ClientScores(ref, alliance, Map.of());
    }
}
