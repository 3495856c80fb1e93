package dev.rapport.analytics.persistence;

import dev.rapport.analytics.domain.DayTotals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.HashMap;
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

    private static final String ADD = """
            INSERT INTO counsellor_day (counsellor_id, day, %s)
            VALUES (:counsellor, :day, :sessions_ended, :sessions_cancelled, :no_shows, :ended_with_feedback,
                    :alliance_sum, :alliance_count, :bond_sum, :goal_sum, :task_sum, :wai_count, :empathy_sum,
                    :empathy_count, :ruptures, :repairs, :trend_sum_t, :trend_sum_tt, :trend_sum_ty)
            ON CONFLICT (counsellor_id, day) DO UPDATE SET %s
            """.formatted(COLUMNS, String.join(", ", NAMES.stream().map(c -> c + " = counsellor_day." + c + " + excluded." + c).toList()));

    private static final String SUMS = String.join(", ", NAMES.stream().map(c -> "sum(" + c + ")").toList());
    private static final String SUM_OF_COUNSELLOR = "SELECT " + SUMS + " FROM counsellor_day WHERE counsellor_id = :counsellor AND day >= :since";
    private static final String SUM_OF_ALL = "SELECT " + SUMS + " FROM counsellor_day WHERE day >= :since";
    private static final String SUM_PER_COUNSELLOR = "SELECT counsellor_id, " + SUMS + " FROM counsellor_day WHERE day >= :since GROUP BY counsellor_id";

    /** Adds a contribution to the counsellor's row of that day. */
    public Uni<Void> add(UUID counsellor, LocalDate day, DayTotals delta) {
        if (delta.equals(DayTotals.ZERO)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(ADD)
                .setParameter("counsellor", counsellor)
                .setParameter("day", day)
                .setParameter("sessions_ended", delta.sessionsEnded())
                .setParameter("sessions_cancelled", delta.sessionsCancelled())
                .setParameter("no_shows", delta.noShows())
                .setParameter("ended_with_feedback", delta.endedWithFeedback())
                .setParameter("alliance_sum", delta.allianceSum())
                .setParameter("alliance_count", delta.allianceCount())
                .setParameter("bond_sum", delta.bondSum())
                .setParameter("goal_sum", delta.goalSum())
                .setParameter("task_sum", delta.taskSum())
                .setParameter("wai_count", delta.waiCount())
                .setParameter("empathy_sum", delta.empathySum())
                .setParameter("empathy_count", delta.empathyCount())
                .setParameter("ruptures", delta.ruptures())
                .setParameter("repairs", delta.repairs())
                .setParameter("trend_sum_t", delta.trendSumT())
                .setParameter("trend_sum_tt", delta.trendSumTT())
                .setParameter("trend_sum_ty", delta.trendSumTY())
                .executeUpdate()).replaceWithVoid();
    }

    /** The sum of the counsellor's rows from {@code since} (inclusive) on. */
    public Uni<DayTotals> sum(UUID counsellor, LocalDate since) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SUM_OF_COUNSELLOR, Object[].class)
                .setParameter("counsellor", counsellor)
                .setParameter("since", since)
                .getSingleResult())
                .map(row -> totals(row, 0));
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
