package dev.rapport.analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/**
 * The windows of the per-counsellor view: a figure counts what happened since {@link #since}.
 *
 * <p>Windows are whole UTC days, because the figures are sums of day rows ({@link DayTotals}):
 * {@code 30d} is today and the 29 days before it. Every figure of a window, the day-row sums and
 * those read from instants (activeClients, the outcome rates), uses the same start, so they
 * agree with each other.
 */
public enum Window {
    D30("30d", Duration.ofDays(30)),
    D90("90d", Duration.ofDays(90)),
    ALL("all", null);

    private final String label;
    private final Duration length;

    Window(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    public String label() {
        return label;
    }

    /** The window's first UTC day as of {@code now}; 1970-01-01 for {@link #ALL}. */
    public LocalDate firstDay(Instant now) {
        return firstDay(DayTotals.dayOf(now));
    }

    /** The first day of the window whose last day is {@code lastDay}: 30d ending 2026-12-03 starts 2026-11-04. */
    public LocalDate firstDay(LocalDate lastDay) {
        return length == null ? LocalDate.EPOCH : lastDay.minusDays(length.toDays() - 1);
    }

    /** The window's start as of {@code now}: the start of its first day; the epoch for {@link #ALL}. */
    public Instant since(Instant now) {
        return firstDay(now).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static Optional<Window> parse(String label) {
        return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst();
    }
}
