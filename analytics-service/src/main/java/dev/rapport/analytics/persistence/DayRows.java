package dev.rapport.analytics.persistence;

import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.domain.Window;
import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The counsellor_day table: one row of {@link DayTotals} per counsellor and UTC day. */
@ApplicationScoped
public class DayRows {

    private static final String COLUMNS = "sessions_ended, sessions_cancelled, no_shows, ended_with_feedback, "
            + "alliance_sum, alliance_count, bond_sum, goal_sum, task_sum, wai_count, empathy_sum, empathy_count, "
            + "ruptures, repairs, trend_sum_t, trend_sum_tt, trend_sum_ty";
    private static final List<String> NAMES = List.of(COLUMNS.split(", "));

    /** A batch's contributions, one row per (counsellor, day), added to the stored rows in one statement. */
    private static final String ADD = """
            INSERT INTO counsellor_day (counsellor_id, day, %1$s)
            SELECT counsellor_id, day, %1$s
              FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(counsellor_id uuid, day date, %2$s)
             ORDER BY counsellor_id, day
            ON CONFLICT (counsellor_id, day) DO UPDATE SET %3$s
            """.formatted(COLUMNS,
            String.join(", ", NAMES.stream().map(c -> c + (c.endsWith("_sum") || c.startsWith("trend_") ? " numeric" : " bigint")).toList()),
            String.join(", ", NAMES.stream().map(c -> c + " = counsellor_day." + c + " + excluded." + c).toList()));

    private static final String SUMS = String.join(", ", NAMES.stream().map(c -> "sum(" + c + ")").toList());
    private static final String SUMS_OF_WINDOW = String.join(", ", NAMES.stream().map(c -> "sum(" + c + ") FILTER (WHERE day >= :since%1$d)").toList());
    private static final String SUMS_OF_COUNSELLORS = "SELECT counsellor_id, %s FROM counsellor_day WHERE " + CounsellorBatch.ROWS
            + " AND day >= :from GROUP BY counsellor_id";
    private static final String SUM_OF_ALL = "SELECT " + SUMS + " FROM counsellor_day WHERE day >= :since";
    private static final String SUM_PER_COUNSELLOR = "SELECT counsellor_id, " + SUMS + " FROM counsellor_day WHERE day >= :since GROUP BY counsellor_id";

    /**
     * Per day with a row from {@code :shownFrom} to {@code :shownTo}, newest first, the sum of the rows of the window
     * that ends on that day: the rows from {@code :reach} days before it to it. Worked, 30d
     * (reach 29): rows on Nov 1, Nov 20, Dec 1 and Dec 3; Dec 3's sum is Nov 20 + Dec 1 + Dec 3
     * (the window ending Dec 3 starts Nov 4). {@code :earliest} is the first day the oldest
     * shown day's window reaches back to; for all, 1970-01-01 and a reach beyond it.
     */
    private static final String SERIES = """
            SELECT CAST(day AS text), %1$s FROM (
                SELECT day, %2$s
                  FROM counsellor_day
                 WHERE counsellor_id = :counsellor AND day >= :earliest
                WINDOW w AS (ORDER BY day RANGE BETWEEN make_interval(days => CAST(:reach AS integer)) PRECEDING AND CURRENT ROW)) s
             WHERE day BETWEEN :shownFrom AND :shownTo
             ORDER BY day DESC
             LIMIT :limit
            """.formatted(COLUMNS, String.join(", ", NAMES.stream().map(c -> "sum(" + c + ") OVER w AS " + c).toList()));

    /** One day of a series: the sum of the rows of the window that ends on {@code day}. */
    public record WindowEnding(LocalDate day, DayTotals totals) {}

    /**
     * Contributions to day rows collected over a batch, summed per counsellor and day in memory,
     * so that the batch writes each row once.
     */
    public static final class Deltas {

        private record Key(UUID counsellor, LocalDate day) {}

        private final Map<Key, DayTotals> rows = new LinkedHashMap<>();

        public void add(UUID counsellor, LocalDate day, DayTotals delta) {
            rows.merge(new Key(counsellor, day), delta, DayTotals::plus);
        }
    }

    /** Adds a batch's contributions to the counsellors' rows of their days; rows that sum to zero are left alone. */
    public Uni<Void> add(Deltas deltas) {
        List<Map<String, Object>> rows = new ArrayList<>();
        deltas.rows.forEach((key, delta) -> {
            if (!delta.equals(DayTotals.ZERO)) {
                rows.add(row(key.counsellor(), key.day(), delta));
            }
        });
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(ADD)
                .setParameter("rows", RecordSet.of(rows))
                .executeUpdate()).replaceWithVoid();
    }

    private static Map<String, Object> row(UUID counsellor, LocalDate day, DayTotals delta) {
        Map<String, Object> row = new HashMap<>();
        row.put("counsellor_id", counsellor.toString());
        row.put("day", day.toString());
        row.put("sessions_ended", delta.sessionsEnded());
        row.put("sessions_cancelled", delta.sessionsCancelled());
        row.put("no_shows", delta.noShows());
        row.put("ended_with_feedback", delta.endedWithFeedback());
        row.put("alliance_sum", delta.allianceSum());
        row.put("alliance_count", delta.allianceCount());
        row.put("bond_sum", delta.bondSum());
        row.put("goal_sum", delta.goalSum());
        row.put("task_sum", delta.taskSum());
        row.put("wai_count", delta.waiCount());
        row.put("empathy_sum", delta.empathySum());
        row.put("empathy_count", delta.empathyCount());
        row.put("ruptures", delta.ruptures());
        row.put("repairs", delta.repairs());
        row.put("trend_sum_t", delta.trendSumT());
        row.put("trend_sum_tt", delta.trendSumTT());
        row.put("trend_sum_ty", delta.trendSumTY());
        return row;
    }

    /** Per counsellor and window, the sum of the counsellor's rows from its first day (inclusive) on: one statement for all. */
    public Uni<Map<UUID, List<DayTotals>>> sums(Collection<UUID> counsellors, List<LocalDate> firstDays) {
        String sql = SUMS_OF_COUNSELLORS.formatted(PerWindow.each(SUMS_OF_WINDOW, firstDays.size()));
        return Panache.getSession().chain(s -> PerWindow.bind(s.createNativeQuery(sql, Object[].class), counsellors, firstDays)
                .getResultList())
                .map(rows -> PerWindow.read(rows, counsellors, firstDays.size(), NAMES.size(), DayRows::totals, DayTotals.ZERO));
    }

    /** The sum of every counsellor's rows: the organisation's totals. */
    public Uni<DayTotals> sumOfAll(LocalDate since) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SUM_OF_ALL, Object[].class)
                .setParameter("since", since)
                .getSingleResult())
                .map(row -> totals(row, 0));
    }

    /** Per counsellor with a row in the window, the sum of their rows. */
    public Uni<Map<UUID, DayTotals>> sumPerCounsellor(LocalDate since) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SUM_PER_COUNSELLOR, Object[].class)
                .setParameter("since", since)
                .getResultList())
                .map(rows -> {
                    Map<UUID, DayTotals> sums = new HashMap<>();
                    rows.forEach(row -> sums.put(Rows.uuid(row[0]), totals(row, 1)));
                    return sums;
                });
    }

    /**
     * The counsellor's days with a row from {@code from} to {@code lastDay}, at most {@code limit}
     * of them, newest first; each with the sum of the rows of {@code window} ending that day.
     */
    public Uni<List<WindowEnding>> windowsEnding(UUID counsellor, Window window, LocalDate from, LocalDate lastDay, int limit) {
        LocalDate earliest = window.firstDay(from);
        long reach = ChronoUnit.DAYS.between(window.firstDay(lastDay), lastDay);
        return Panache.getSession().chain(s -> s.createNativeQuery(SERIES, Object[].class)
                .setParameter("counsellor", counsellor)
                .setParameter("earliest", earliest)
                .setParameter("reach", Math.toIntExact(reach))
                .setParameter("shownFrom", from)
                .setParameter("shownTo", lastDay)
                .setParameter("limit", limit)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new WindowEnding(LocalDate.parse(row[0].toString()), totals(row, 1)))
                        .toList());
    }

    private static DayTotals totals(Object[] row, int from) {
        int i = from;
        return new DayTotals(
                Rows.number(row[i++]), Rows.number(row[i++]), Rows.number(row[i++]), Rows.number(row[i++]),
                Rows.decimalOrZero(row[i++]), Rows.number(row[i++]),
                Rows.decimalOrZero(row[i++]), Rows.decimalOrZero(row[i++]), Rows.decimalOrZero(row[i++]), Rows.number(row[i++]),
                Rows.decimalOrZero(row[i++]), Rows.number(row[i++]),
                Rows.number(row[i++]), Rows.number(row[i++]),
                Rows.decimalOrZero(row[i++]), Rows.decimalOrZero(row[i++]), Rows.decimalOrZero(row[i]));
    }
}
