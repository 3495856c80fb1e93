package dev.rapport.analytics.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.rapport.analytics.domain.Scores.assertFigure;
import static dev.rapport.analytics.domain.Scores.day;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DayTotalsTest {

    private static final Thresholds DEFAULTS = Thresholds.defaults();

    @ParameterizedTest(name = "[{index}] {1} of {0} ended sessions with feedback → {2}")
    @CsvSource(textBlock = """
            # ended | with feedback | feedbackRate
            3,        2,              0.67
            3,        1,              0.33
            # 1 / 8 = 0.125: half-up
            8,        1,              0.13
            4,        4,              1.00
            4,        0,              0.00
            0,        0,
            """)
    void feedbackRateIsEndedSessionsWithFeedbackOverEndedSessions(int ended, int withFeedback, String expected) {
        List<DayTotals> events = new ArrayList<>();
        events.addAll(Collections.nCopies(ended, DayTotals.sessionEnded()));
        events.addAll(Collections.nCopies(withFeedback, DayTotals.endedSessionWithFeedback()));
        // cancelled sessions and no-shows are not in the denominator
        events.add(DayTotals.sessionCancelled());
        events.add(DayTotals.noShow());

        WindowFigures figures = DayTotals.sum(events).figures(DEFAULTS);

        assertFigure(expected, figures.feedbackRate());
        assertEquals(ended, figures.sessionsEnded());
        assertEquals(1, figures.sessionsCancelled());
        assertEquals(1, figures.noShows());
    }

    @Test
    void allianceIndexIsTheMeanOfWaiSrAndSrsFormsTogether() {
        DayTotals day = alliance(0, "95.00").plus(alliance(0, "62.50"));

        // (95.00 + 62.50) / 2
        assertFigure("78.75", day.figures(DEFAULTS).allianceIndex());
    }

    @Test
    void figuresRoundHalfUpToTwoDecimals() {
        DayTotals day = alliance(0, "90.00").plus(alliance(1, "80.01"));

        // 170.01 / 2 = 85.005: half-up gives 85.01 (half-even would give 85.00)
        assertFigure("85.01", day.figures(DEFAULTS).allianceIndex());
    }

    @Test
    void bondGoalAndTaskAreMeansOverWaiSrFormsOnly() {
        DayTotals day = wai(0, "62.50", "75.00", "50.00", "62.50")
                .plus(wai(1, "75.00", "100.00", "56.25", "68.75"))
                .plus(alliance(2, "95.00"));

        WindowFigures figures = day.figures(DEFAULTS);

        assertFigure("87.50", figures.bond());   // (75.00 + 100.00) / 2
        assertFigure("53.13", figures.goal());   // (50.00 + 56.25) / 2 = 53.125
        assertFigure("65.63", figures.task());   // (62.50 + 68.75) / 2 = 65.625
        assertFigure("77.50", figures.allianceIndex()); // (62.50 + 75.00 + 95.00) / 3 = 232.50 / 3
    }

    @Test
    void empathyIndexCountsScorableCareFormsOnly() {
        DayTotals day = care("75.00", true)
                .plus(care("50.00", true))
                .plus(care(null, false))
                // a form marked not scorable is out even if a score came with it
                .plus(care("10.00", false));

        WindowFigures figures = day.figures(DEFAULTS);

        assertFigure("62.50", figures.empathyIndex()); // (75.00 + 50.00) / 2
        assertFigure(null, figures.allianceIndex());
    }

    @Test
    void empathyIndexIsNullWhenNoCareFormIsScorable() {
        assertFigure(null, care(null, false).plus(care(null, false)).figures(DEFAULTS).empathyIndex());
    }

    @Test
    void outcomeFormsFeedNoFigureOfTheDayRows() {
        DayTotals day = DayTotals.feedback("outcome", day(0), new BigDecimal("55.56"), Map.of(), true);

        assertEquals(DayTotals.ZERO, day);
    }

    @Test
    void everyAverageIsNullWhenTheWindowIsEmpty() {
        WindowFigures figures = DayTotals.ZERO.figures(DEFAULTS);

        assertEquals(new WindowFigures(0, 0, 0, null, null, null, null, null, null, null, 0, null, 0, 0, 0), figures);
    }

    @ParameterizedTest(name = "[{index}] {0} → {1} points per 30 days")
    @CsvSource(textBlock = """
            # day:normalised alliance ...               | allianceTrend
            # +10 every 30 days
            0:50.00 30:60.00 60:70.00,                   10.00
            # t̄ = 15, ȳ = 71.25, Σ(t−t̄)² = 500, Σ(t−t̄)(y−ȳ) = −275: −0.55 a day
            0:80.00 10:70.00 20:75.00 30:60.00,          -16.50
            # Σ(t−t̄)² = 98, Σ(t−t̄)(y−ȳ) = 3.5: 3.5 / 98 × 30 = 1.0714…
            0:50.00 7:51.00 14:50.50,                    1.07
            0:60.00 30:60.00 60:60.00,                   0.00
            # +10 every 12 hours: time is finer than days
            0:50.00 0.5:60.00 1:70.00,                   600.00
            # t = 0, 0, 30: t̄ = 10, Σ(t−t̄)² = 600, Σ(t−t̄)·y = −500 − 600 + 1600 = 500: 500 / 600 × 30
            0:50.00 0:60.00 30:80.00,                    25.00
            """)
    void allianceTrendIsTheLeastSquaresSlopeInPointsPer30Days(String points, String expected) {
        List<DayTotals> rows = new ArrayList<>();
        for (String point : points.split(" ")) {
            String[] dayAndScore = point.split(":");
            rows.add(alliance(day(dayAndScore[0]), dayAndScore[1]));
        }

        assertFigure(expected, DayTotals.sum(rows).figures(DEFAULTS).allianceTrend());
    }

    @Test
    void allianceTrendIsNullWithFewerThanThreeAllianceFeedbacks() {
        DayTotals two = alliance(0, "50.00").plus(alliance(30, "60.00"));

        assertFigure(null, two.figures(DEFAULTS).allianceTrend());
    }

    @Test
    void theMinimumForATrendIsConfigurable() {
        Thresholds two = new Thresholds(new BigDecimal("10.00"), 2, 10, 10);

        assertFigure("10.00", alliance(0, "50.00").plus(alliance(30, "60.00")).figures(two).allianceTrend());
    }

    @Test
    void allianceTrendIsNullWhenEveryFormIsAtTheSameInstant() {
        Instant at = day(3);
        DayTotals day = alliance(at, "50.00").plus(alliance(at, "60.00")).plus(alliance(at, "70.00"));

        assertFigure(null, day.figures(DEFAULTS).allianceTrend());
    }

    @Test
    void theTrendDoesNotCareWhichDayRowAFormWasAddedTo() {
        DayTotals oneRow = alliance(0, "80.00").plus(alliance(10, "70.00")).plus(alliance(20, "75.00")).plus(alliance(30, "60.00"));
        DayTotals otherOrder = DayTotals.sum(List.of(alliance(30, "60.00"), alliance(0, "80.00"), alliance(20, "75.00"), alliance(10, "70.00")));

        assertEquals(oneRow.figures(DEFAULTS), otherOrder.figures(DEFAULTS));
        assertFigure("-16.50", otherOrder.figures(DEFAULTS).allianceTrend());
    }

    @Test
    void repairRateIsRepairedOverRupturesInTheWindow() {
        DayTotals day = DayTotals.sum(List.of(DayTotals.rupture(), DayTotals.rupture(), DayTotals.rupture(), DayTotals.repair()));

        assertFigure("0.33", day.figures(DEFAULTS).repairRate());
    }

    @Test
    void repairRateIsNullWithoutRuptures() {
        assertFigure(null, DayTotals.sessionEnded().figures(DEFAULTS).repairRate());
    }

    @Test
    void aWindowsFiguresAreThoseOfTheSumOfItsDayRows() {
        DayTotals monday = DayTotals.sum(List.of(
                DayTotals.sessionEnded(), DayTotals.sessionEnded(), DayTotals.endedSessionWithFeedback(),
                wai(0, "50.00", "50.00", "50.00", "50.00")));
        DayTotals fourWeeksOn = DayTotals.sum(List.of(
                DayTotals.sessionEnded(), DayTotals.endedSessionWithFeedback(), alliance(30, "60.00"),
                DayTotals.rupture(), DayTotals.repair()));
        DayTotals eightWeeksOn = DayTotals.sum(List.of(
                DayTotals.noShow(), alliance(60, "70.00"), care("40.00", true), DayTotals.rupture()));

        WindowFigures window = DayTotals.sum(List.of(monday, fourWeeksOn, eightWeeksOn)).figures(DEFAULTS);

        assertEquals(new WindowFigures(3, 0, 1,
                new BigDecimal("0.67"),   // 2 of 3 ended sessions
                new BigDecimal("60.00"),  // (50 + 60 + 70) / 3
                new BigDecimal("50.00"), new BigDecimal("50.00"), new BigDecimal("50.00"),
                new BigDecimal("40.00"),
                new BigDecimal("10.00"),  // 50 → 60 → 70 over 60 days
                2,                        // rupture episodes opened
                new BigDecimal("0.50"),   // 1 of 2 episodes repaired
                3, 1, 1),                 // alliance forms (the wai-sr's 50, 60, 70), wai-sr forms, care forms
                window);
    }

    @Test
    void minusTakesAContributionBackOut() {
        DayTotals kept = alliance(0, "50.00").plus(DayTotals.sessionEnded());
        DayTotals erased = alliance(1, "90.00").plus(DayTotals.rupture());

        assertEquals(kept.figures(DEFAULTS), kept.plus(erased).minus(erased).figures(DEFAULTS));
    }

    @Test
    void aDayIsAUtcDay() {
        assertEquals(LocalDate.parse("2025-03-02"), DayTotals.dayOf(Instant.parse("2025-03-01T23:30:00-02:00")));
    }

    private static DayTotals alliance(int day, String normalized) {
        return alliance(day(day), normalized);
    }

    private static DayTotals alliance(Instant at, String normalized) {
        return DayTotals.feedback("alliance", at, new BigDecimal(normalized), Map.of(), true);
    }

    private static DayTotals wai(int day, String normalized, String bond, String goal, String task) {
        return DayTotals.feedback("alliance", day(day), new BigDecimal(normalized),
                Map.of("bond", new BigDecimal(bond), "goal", new BigDecimal(goal), "task", new BigDecimal(task)), true);
    }

    private static DayTotals care(String normalized, boolean scorable) {
        return DayTotals.feedback("empathy", day(0), normalized == null ? null : new BigDecimal(normalized), Map.of(), scorable);
    }
}
