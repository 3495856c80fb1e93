package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.domain.Thresholds;
import dev.rapport.analytics.domain.Window;
import dev.rapport.analytics.domain.WindowFigures;
import dev.rapport.analytics.persistence.DayRows;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A counsellor's figures over time, from the day rows alone: per day with a row in the window,
 * the window's figures as they stood at the end of that day (for 30d, the 30 days ending that
 * day; for all, everything up to it). The last point is today's view when today has a row; the
 * figures that need distinct clients or whole histories (activeClients, ruptures open, outcomes,
 * belowMinimum) are not in day rows and not in the series.
 */
@ApplicationScoped
public class MetricsSeries {

    /** A year of days: 30d and 90d never reach it; all shows its most recent days with a row. */
    public static final int MAX_POINTS = 366;

    /** The window's figures at the end of {@code day}. */
    public record Point(LocalDate day, WindowFigures figures) {}

    /** Oldest point first; {@code truncated} when older days of the window had rows too. */
    public record Series(UUID counsellorId, Window window, Instant asOf, List<Point> points, boolean truncated) {}

    private final DayRows days;
    private final Thresholds thresholds;

    public MetricsSeries(DayRows days, Thresholds thresholds) {
        this.days = days;
        this.thresholds = thresholds;
    }

    @WithSession
    public Uni<Series> of(UUID counsellorId, Window window) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        LocalDate today = DayTotals.dayOf(now);
        return days.windowsEnding(counsellorId, window, window.firstDay(today), today, MAX_POINTS + 1).map(newestFirst -> {
            List<Point> points = new ArrayList<>();
            for (DayRows.WindowEnding day : newestFirst.subList(0, Math.min(newestFirst.size(), MAX_POINTS))) {
                points.add(0, new Point(day.day(), day.totals().figures(thresholds)));
            }
            return new Series(counsellorId, window, now, points, newestFirst.size() > MAX_POINTS);
        });
    }
}
