package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

/**
 * Additive sums and counts of one counsellor on one UTC day: a window's figures are
 * {@link #figures} of the {@link #plus sum} of its day rows, so the service stores one row per
 * counsellor and day and adds an event's contribution to it.
 *
 * <p>Which day a contribution belongs to: a session's to the day it ended, cancelled or was a
 * no-show; {@code endedWithFeedback} to the day the session ended (whichever of the end and the
 * first feedback arrives last adds it); a feedback's scores to the day it was submitted; a
 * rupture episode to the day of the feedback that opened it, and so is its repair, so that
 * {@code repairs} counts the window's episodes that are repaired (a repair later adds to an older
 * row) and repairRate never exceeds 1.
 *
 * <p>allianceTrend is a least-squares slope kept as exact sums: n and Σy are
 * {@code allianceCount} and {@code allianceSum}; Σt, Σt², Σty are the {@code trendSum*} fields,
 * with t = whole seconds since {@link #TREND_EPOCH}. Whole seconds keep every sum an exact
 * decimal (days would be fractions of 86 400 with no finite decimal form), so rows can be added
 * and subtracted (erasure) in any order without drift, and PostgreSQL stores them as numeric.
 * Forms submitted within the same second count as the same instant.
 *
 * <p>activeClients counts distinct clients and cannot be summed from day rows: it is not here.
 */
public record DayTotals(
        long sessionsEnded,
        long sessionsCancelled,
        long noShows,
        long endedWithFeedback,
        BigDecimal allianceSum,
        long allianceCount,
        BigDecimal bondSum,
        BigDecimal goalSum,
        BigDecimal taskSum,
        long waiCount,
        BigDecimal empathySum,
        long empathyCount,
        long ruptures,
        long repairs,
        BigDecimal trendSumT,
        BigDecimal trendSumTT,
        BigDecimal trendSumTY) {

    public static final Instant TREND_EPOCH = Instant.parse("2020-01-01T00:00:00Z");
    public static final String ALLIANCE = "alliance";
    public static final String EMPATHY = "empathy";
    public static final String BOND = "bond";
    public static final String GOAL = "goal";
    public static final String TASK = "task";

    private static final BigDecimal SECONDS_PER_30_DAYS = BigDecimal.valueOf(Duration.ofDays(30).toSeconds());

    public static final DayTotals ZERO = new DayTotals(0, 0, 0, 0,
            BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0,
            BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    public DayTotals {
        Objects.requireNonNull(allianceSum, "allianceSum");
        Objects.requireNonNull(bondSum, "bondSum");
        Objects.requireNonNull(goalSum, "goalSum");
        Objects.requireNonNull(taskSum, "taskSum");
        Objects.requireNonNull(empathySum, "empathySum");
        Objects.requireNonNull(trendSumT, "trendSumT");
        Objects.requireNonNull(trendSumTT, "trendSumTT");
        Objects.requireNonNull(trendSumTY, "trendSumTY");
    }

    /** The UTC day whose row an event at {@code at} adds to. */
    public static LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    public static DayTotals sessionEnded() {
        return counts(1, 0, 0, 0, 0, 0);
    }

    public static DayTotals sessionCancelled() {
        return counts(0, 1, 0, 0, 0, 0);
    }

    public static DayTotals noShow() {
        return counts(0, 0, 1, 0, 0, 0);
    }

    /** An ended session has its first feedback (any form counts, scorable or not). */
    public static DayTotals endedSessionWithFeedback() {
        return counts(0, 0, 0, 1, 0, 0);
    }

    public static DayTotals rupture() {
        return counts(0, 0, 0, 0, 1, 0);
    }

    public static DayTotals repair() {
        return counts(0, 0, 0, 0, 0, 1);
    }

    /**
     * What one submitted form adds to its submission day. Alliance forms feed allianceIndex and
     * the trend; those that carry all three Bordin subscales (wai-sr) also bond, goal and task;
     * scorable empathy forms (care) feed empathyIndex. Forms that are not scorable and outcome
     * forms add nothing here.
     *
     * @param construct           the event's construct: "alliance", "empathy" or "outcome"
     * @param normalizedSubscales subscale name → normalised subscale score
     */
    public static DayTotals feedback(String construct, Instant submittedAt, BigDecimal normalized,
                                     Map<String, BigDecimal> normalizedSubscales, boolean scorable) {
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(normalizedSubscales, "normalizedSubscales");
        if (!scorable || normalized == null) {
            return ZERO;
        }
        if (EMPATHY.equals(construct)) {
            return new DayTotals(0, 0, 0, 0, BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0,
                    normalized, 1, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        }
        if (!ALLIANCE.equals(construct)) {
            return ZERO;
        }
        BigDecimal t = BigDecimal.valueOf(Duration.between(TREND_EPOCH, submittedAt).getSeconds());
        BigDecimal bond = normalizedSubscales.get(BOND);
        BigDecimal goal = normalizedSubscales.get(GOAL);
        BigDecimal task = normalizedSubscales.get(TASK);
        boolean bordin = bond != null && goal != null && task != null;
        return new DayTotals(0, 0, 0, 0,
                normalized, 1,
                bordin ? bond : BigDecimal.ZERO, bordin ? goal : BigDecimal.ZERO, bordin ? task : BigDecimal.ZERO,
                bordin ? 1 : 0,
                BigDecimal.ZERO, 0, 0, 0,
                t, t.multiply(t), t.multiply(normalized));
    }

    public DayTotals plus(DayTotals other) {
        return new DayTotals(
                sessionsEnded + other.sessionsEnded,
                sessionsCancelled + other.sessionsCancelled,
                noShows + other.noShows,
                endedWithFeedback + other.endedWithFeedback,
                allianceSum.add(other.allianceSum),
                allianceCount + other.allianceCount,
                bondSum.add(other.bondSum),
                goalSum.add(other.goalSum),
                taskSum.add(other.taskSum),
                waiCount + other.waiCount,
                empathySum.add(other.empathySum),
                empathyCount + other.empathyCount,
                ruptures + other.ruptures,
                repairs + other.repairs,
                trendSumT.add(other.trendSumT),
                trendSumTT.add(other.trendSumTT),
                trendSumTY.add(other.trendSumTY));
    }

    /** Takes a contribution back out (erasure, a rupture that a late form undid). */
    public DayTotals minus(DayTotals other) {
        return plus(other.negate());
    }

    public DayTotals negate() {
        return new DayTotals(-sessionsEnded, -sessionsCancelled, -noShows, -endedWithFeedback,
                allianceSum.negate(), -allianceCount, bondSum.negate(), goalSum.negate(), taskSum.negate(), -waiCount,
                empathySum.negate(), -empathyCount, -ruptures, -repairs,
                trendSumT.negate(), trendSumTT.negate(), trendSumTY.negate());
    }

    public static DayTotals sum(Iterable<DayTotals> days) {
        DayTotals sum = ZERO;
        for (DayTotals day : days) {
            sum = sum.plus(day);
        }
        return sum;
    }

    /** The figures of the window whose day rows this is the sum of. */
    public WindowFigures figures(Thresholds thresholds) {
        return new WindowFigures(
                sessionsEnded,
                sessionsCancelled,
                noShows,
                Decimals.ratio(endedWithFeedback, sessionsEnded),
                Decimals.mean(allianceSum, allianceCount),
                Decimals.mean(bondSum, waiCount),
                Decimals.mean(goalSum, waiCount),
                Decimals.mean(taskSum, waiCount),
                Decimals.mean(empathySum, empathyCount),
                allianceTrend(thresholds.minAllianceFeedbacksForTrend()),
                ruptures,
                Decimals.ratio(repairs, ruptures),
                allianceCount,
                waiCount,
                empathyCount);
    }

    /**
     * Least-squares slope (nΣty − ΣtΣy) / (nΣt² − (Σt)²) in points per second, times the seconds
     * of 30 days; exact up to the one final rounding. Null below the minimum count and when every
     * form was submitted at the same instant (no spread in time, no slope).
     */
    BigDecimal allianceTrend(int minFeedbacks) {
        if (allianceCount < minFeedbacks) {
            return null;
        }
        BigDecimal n = BigDecimal.valueOf(allianceCount);
        BigDecimal spread = n.multiply(trendSumTT).subtract(trendSumT.multiply(trendSumT));
        if (spread.signum() <= 0) {
            return null;
        }
        BigDecimal covariance = n.multiply(trendSumTY).subtract(trendSumT.multiply(allianceSum));
        return covariance.multiply(SECONDS_PER_30_DAYS).divide(spread, Decimals.SCALE, Decimals.ROUNDING);
    }

    private static DayTotals counts(long ended, long cancelled, long noShow, long withFeedback, long rupture, long repair) {
        return new DayTotals(ended, cancelled, noShow, withFeedback,
                BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0,
                BigDecimal.ZERO, 0, rupture, repair, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }
}
