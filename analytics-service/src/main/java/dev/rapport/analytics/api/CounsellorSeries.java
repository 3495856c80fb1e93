package dev.rapport.analytics.api;

import dev.rapport.analytics.domain.WindowFigures;
import dev.rapport.analytics.service.MetricsSeries;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A counsellor's figures over time (GET /api/metrics/counsellors/{id}/series): one point per
 * UTC day on which something was recorded, oldest first, each the window's figures as they
 * stood at the end of that day. Counts of forms only; no client appears.
 *
 * @param truncated the window had more days with data than the series holds (only all, beyond a year of such days):
 *                  the oldest are left out
 */
@Schema(requiredProperties = {"counsellorId", "window", "asOf", "maxPoints", "truncated", "points"})
public record CounsellorSeries(UUID counsellorId, String window, Instant asOf, int maxPoints, boolean truncated, List<Point> points) {

    /**
     * The window ending on {@code day}: for 30d that day and the 29 before it, for all every day up
     * to it. The names and rules are those of the view; a figure is null when there is nothing to average.
     */
    @Schema(name = "SeriesPoint", requiredProperties = {"day", "sessionsEnded", "allianceForms", "waiForms", "empathyForms"})
    public record Point(
            LocalDate day,
            long sessionsEnded,
            BigDecimal feedbackRate,
            BigDecimal allianceIndex,
            long allianceForms,
            BigDecimal bond,
            BigDecimal goal,
            BigDecimal task,
            long waiForms,
            BigDecimal empathyIndex,
            long empathyForms,
            BigDecimal allianceTrend) {

        static Point of(MetricsSeries.Point point) {
            WindowFigures f = point.figures();
            return new Point(point.day(), f.sessionsEnded(), f.feedbackRate(), f.allianceIndex(), f.allianceForms(),
                    f.bond(), f.goal(), f.task(), f.waiForms(), f.empathyIndex(), f.empathyForms(), f.allianceTrend());
        }
    }

    static CounsellorSeries of(MetricsSeries.Series series) {
        return new CounsellorSeries(series.counsellorId(), series.window().label(), series.asOf(), MetricsSeries.MAX_POINTS,
                series.truncated(), series.points().stream().map(Point::of).toList());
    }
}
