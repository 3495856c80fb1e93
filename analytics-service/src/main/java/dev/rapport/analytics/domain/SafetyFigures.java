package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The safety figures of a view (domain.md): of the alerts of the counsellor's clients (or of the
 * whole organisation, each alert once),
 *
 * @param safetyAlerts               unresolved alerts now: current state, the same in every window
 * @param safetyEscalations          alerts escalated in the window
 * @param safetyMinutesToAcknowledge median minutes from raised to acknowledged over the alerts raised
 *                                   in the window that have been acknowledged; null when there is none
 */
public record SafetyFigures(long safetyAlerts, long safetyEscalations, BigDecimal safetyMinutesToAcknowledge) {

    private static final BigDecimal SECONDS_PER_MINUTE = BigDecimal.valueOf(60);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /** The figures of the window that starts at {@code since}. */
    public static SafetyFigures of(Collection<SafetyAlert> alerts, Instant since) {
        long unresolved = alerts.stream().filter(alert -> !alert.resolved()).count();
        long escalated = alerts.stream().filter(alert -> in(alert.escalatedAt(), since)).count();
        List<Duration> toAcknowledge = alerts.stream()
                .filter(alert -> in(alert.raisedAt(), since) && alert.acknowledgedAt() != null)
                .map(alert -> Duration.between(alert.raisedAt(), alert.acknowledgedAt()))
                .toList();
        return new SafetyFigures(unresolved, escalated, medianMinutes(toAcknowledge));
    }

    private static boolean in(Instant at, Instant since) {
        return at != null && !at.isBefore(since);
    }

    /**
     * The median in minutes, two decimals half-up, rounded once: the middle duration, or the mean
     * of the two middle ones, is exact in seconds (nanosecond precision); only the division by 60
     * rounds. 29 min 50 s and 30 min 11 s: (1790 + 1811) / 2 = 1800.5 s = 30.008… min → 30.01.
     */
    static BigDecimal medianMinutes(List<Duration> durations) {
        if (durations.isEmpty()) {
            return null;
        }
        List<BigDecimal> seconds = durations.stream().map(SafetyFigures::seconds).sorted().toList();
        int middle = seconds.size() / 2;
        BigDecimal median = seconds.size() % 2 == 1
                ? seconds.get(middle)
                : seconds.get(middle - 1).add(seconds.get(middle)).divide(TWO);
        return median.divide(SECONDS_PER_MINUTE, Decimals.SCALE, Decimals.ROUNDING);
    }

    private static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
    }
}
