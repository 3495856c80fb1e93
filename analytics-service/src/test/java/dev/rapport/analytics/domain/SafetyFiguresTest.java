package dev.rapport.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetyFiguresTest {

    private static final Instant SINCE = Instant.parse("2026-11-02T00:00:00Z");

    private static SafetyAlert alert(SafetyStatus status, String raised, String acknowledged, String escalated) {
        return new SafetyAlert(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "ab".repeat(16), "phq-9", status,
                Instant.parse(raised), acknowledged == null ? null : Instant.parse(acknowledged),
                escalated == null ? null : Instant.parse(escalated), status == SafetyStatus.RESOLVED ? Instant.parse(raised).plusSeconds(7200) : null);
    }

    @Test
    void unresolvedAlertsCountInEveryWindowEscalationsAndAcknowledgementsOnlyInTheirs() {
        List<SafetyAlert> alerts = List.of(
                // Raised long before the window, still open, escalated then: counts as unresolved only.
                alert(SafetyStatus.OPEN, "2026-09-01T10:00:00Z", null, "2026-09-01T11:00:00Z"),
                // Raised before the window, escalated in it (a minute after the start), acknowledged:
                // unresolved and escalated, but not raised in the window (no acknowledgement time).
                alert(SafetyStatus.ACKNOWLEDGED, "2026-11-01T23:01:00Z", "2026-11-02T00:30:00Z", "2026-11-02T00:01:00Z"),
                // Raised in the window, acknowledged after 30 minutes, resolved.
                alert(SafetyStatus.RESOLVED, "2026-11-10T10:00:00Z", "2026-11-10T10:30:00Z", null),
                // Raised at the window's first instant, acknowledged after 45 minutes.
                alert(SafetyStatus.ACKNOWLEDGED, "2026-11-02T00:00:00Z", "2026-11-02T00:45:00Z", null),
                // Raised in the window, escalated, acknowledged after 80 minutes.
                alert(SafetyStatus.ACKNOWLEDGED, "2026-11-20T08:00:00Z", "2026-11-20T09:20:00Z", "2026-11-20T09:00:00Z"),
                // Raised in the window, never acknowledged: no acknowledgement time.
                alert(SafetyStatus.OPEN, "2026-11-30T08:00:00Z", null, null));

        SafetyFigures figures = SafetyFigures.of(alerts, SINCE);

        assertEquals(5, figures.safetyAlerts());
        assertEquals(2, figures.safetyEscalations());
        // 30, 45, 80: the median is 45.
        assertEquals(new BigDecimal("45.00"), figures.safetyMinutesToAcknowledge());

        SafetyFigures all = SafetyFigures.of(alerts, Instant.EPOCH);
        assertEquals(5, all.safetyAlerts());
        assertEquals(3, all.safetyEscalations());
        // 30, 45, 80, and the one raised the evening before: 89 minutes; the median is (45 + 80) / 2.
        assertEquals(new BigDecimal("62.50"), all.safetyMinutesToAcknowledge());
    }

    @Test
    void withoutAnAcknowledgedAlertRaisedInTheWindowThereIsNoMedian() {
        SafetyFigures figures = SafetyFigures.of(List.of(alert(SafetyStatus.OPEN, "2026-11-30T08:00:00Z", null, null)), SINCE);
        assertEquals(new SafetyFigures(1, 0, null), figures);
        assertEquals(new SafetyFigures(0, 0, null), SafetyFigures.of(List.of(), SINCE));
    }

    @ParameterizedTest(name = "[{index}] {0} s → {1} min")
    @CsvSource(textBlock = """
            # one: 30 minutes
            1800,                    30.00
            # odd count: the middle one, whatever the order
            2700 1800 4800,          45.00
            # even count: the mean of the two middle ones, 1800.5 s = 30.00833 min
            1790 1811,               30.01
            # 90.3 s = 1.505 min: half-up to 1.51 (rounded once, from the exact seconds)
            90.3,                    1.51
            # 0.4 s = 0.00666 min
            0.4,                     0.01
            # 1 min 20.999999999 s = 1.34999999998 min
            80.999999999,            1.35
            60.2999 60.3 1 1000,     1.00
            """)
    void theMedianIsInMinutesTwoDecimalsHalfUp(String seconds, String minutes) {
        List<Duration> durations = Arrays.stream(seconds.trim().split("\\s+"))
                .map(BigDecimal::new)
                .map(s -> Duration.ofSeconds(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValueExact()))
                .toList();
        assertEquals(new BigDecimal(minutes), SafetyFigures.medianMinutes(durations));
    }

    @Test
    void noDurationNoMedian() {
        assertNull(SafetyFigures.medianMinutes(List.of()));
    }
}
