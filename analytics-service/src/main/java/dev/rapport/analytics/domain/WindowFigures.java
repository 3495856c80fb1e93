package dev.rapport.analytics.domain;

import java.math.BigDecimal;

/**
 * The figures of one counsellor's view that follow from the window's {@link DayTotals}; every
 * decimal has two places (half-up) and is null, not zero, when there is nothing to average.
 *
 * @param allianceTrend normalised alliance points per 30 days
 * @param allianceForms the alliance forms allianceIndex and allianceTrend rest on; waiForms those of
 *                      bond, goal, task; empathyForms those of empathyIndex
 * @param ruptures      rupture episodes opened in the window: what repairRate rests on
 */
public record WindowFigures(
        long sessionsEnded,
        long sessionsCancelled,
        long noShows,
        BigDecimal feedbackRate,
        BigDecimal allianceIndex,
        BigDecimal bond,
        BigDecimal goal,
        BigDecimal task,
        BigDecimal empathyIndex,
        BigDecimal allianceTrend,
        long ruptures,
        BigDecimal repairRate,
        long allianceForms,
        long waiForms,
        long empathyForms) {}
