package dev.rapport.analytics.persistence;

import dev.rapport.analytics.domain.ClientContributions;
import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The client_figure_day table (V14__client_figure_day.sql): per counsellor, day and figure, what
 * the clients' states add to the windows starting on or before that day ({@link ClientContributions}).
 */
@ApplicationScoped
public class ClientFigureDays {

    private static final String RECORDS = "jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(counsellor_id uuid, day date, "
            + "figure text, value numeric)";
    /** Rows in key order: concurrent batches lock in one order (each holds its counsellors' locks anyway). */
    private static final String ADD = """
            INSERT INTO client_figure_day (counsellor_id, day, figure, value)
            SELECT counsellor_id, day, figure, value FROM %s ORDER BY counsellor_id, day, figure
            ON CONFLICT (counsellor_id, day, figure) DO UPDATE SET value = client_figure_day.value + excluded.value
            """.formatted(RECORDS);
    /** The rows the batch brought to zero: a sum over a window reads only rows that add something. */
    private static final String DROP_ZEROS = """
            DELETE FROM client_figure_day d USING (SELECT counsellor_id, day, figure FROM %s) r
             WHERE d.counsellor_id = r.counsellor_id AND d.day = r.day AND d.figure = r.figure AND d.value = 0
            """.formatted(RECORDS);
    private static final String SUMS_OF_COUNSELLORS = "SELECT counsellor_id, figure, %s FROM client_figure_day WHERE "
            + CounsellorBatch.ROWS + " AND day >= :from GROUP BY counsellor_id, figure";
    private static final String SUMS_OF_ALL = "SELECT figure, sum(value) FROM client_figure_day WHERE day >= :since GROUP BY figure";

    /** Changes to rows, summed per counsellor, day and figure in memory, so that a batch writes each row once. */
    public static final class Deltas {

        private record Key(UUID counsellor, LocalDate day, String figure) {}

        private final Map<Key, BigDecimal> rows = new HashMap<>();

        /** Adds {@code rows} (day → figure → value) to the counsellor's. */
        public void add(UUID counsellor, Map<LocalDate, Map<String, BigDecimal>> rows) {
            rows.forEach((day, figures) -> figures.forEach((figure, value) ->
                    this.rows.merge(new Key(counsellor, day, figure), value, BigDecimal::add)));
        }

        private List<Map<String, Object>> records() {
            List<Map<String, Object>> records = new ArrayList<>();
            rows.forEach((key, value) -> {
                if (value.signum() != 0) {
                    records.add(Map.of("counsellor_id", key.counsellor().toString(), "day", key.day().toString(),
                            "figure", key.figure(), "value", value));
                }
            });
            return records;
        }
    }

    /** Adds the deltas to the stored rows: two statements, none without deltas. */
    public Uni<Void> add(Deltas deltas) {
        List<Map<String, Object>> records = deltas.records();
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String rows = RecordSet.of(records);
        return Panache.getSession().chain(s -> s.createNativeQuery(ADD).setParameter("rows", rows).executeUpdate()
                .chain(() -> s.createNativeQuery(DROP_ZEROS).setParameter("rows", rows).executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * Per counsellor of the batch and window (its first day in {@code firstDays}), figure → sum of
     * the rows on or after the window's first day: one statement. A counsellor without rows has
     * empty maps.
     */
    public Uni<Map<UUID, List<Map<String, BigDecimal>>>> sums(Collection<UUID> counsellors, List<LocalDate> firstDays) {
        int windows = firstDays.size();
        String sql = SUMS_OF_COUNSELLORS.formatted(PerWindow.each("sum(value) FILTER (WHERE day >= :since%1$d)", windows));
        return Panache.getSession().chain(s -> PerWindow.bind(s.createNativeQuery(sql, Object[].class), counsellors, firstDays)
                .getResultList())
                .map(rows -> {
                    Map<UUID, List<Map<String, BigDecimal>>> perCounsellor = new HashMap<>();
                    for (Object[] row : rows) {
                        List<Map<String, BigDecimal>> perWindow = perCounsellor.computeIfAbsent(Rows.uuid(row[0]), c -> {
                            List<Map<String, BigDecimal>> empty = new ArrayList<>();
                            for (int w = 0; w < windows; w++) {
                                empty.add(new HashMap<>());
                            }
                            return empty;
                        });
                        for (int w = 0; w < windows; w++) {
                            if (row[2 + w] != null) {
                                perWindow.get(w).put((String) row[1], Rows.decimal(row[2 + w]));
                            }
                        }
                    }
                    return CounsellorBatch.complete(perCounsellor, counsellors, Collections.nCopies(windows, Map.of()));
                });
    }

    /** Figure → sum of every counsellor's rows on or after {@code firstDay}: the organisation's. */
    public Uni<Map<String, BigDecimal>> sumsOfAll(LocalDate firstDay) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SUMS_OF_ALL, Object[].class).setParameter("since", firstDay)
                .getResultList())
                .map(rows -> {
                    Map<String, BigDecimal> sums = new HashMap<>();
                    rows.forEach(row -> sums.put((String) row[0], Rows.decimal(row[1])));
                    return sums;
                });
    }

    /** Whether the rows of states stored before this table are still to be derived (V14's marker). */
    public Uni<Boolean> claimBackfill() {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM client_figure_backfill").executeUpdate())
                .map(deleted -> deleted > 0);
    }
}
