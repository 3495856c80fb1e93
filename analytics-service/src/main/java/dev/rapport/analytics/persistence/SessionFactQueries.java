package dev.rapport.analytics.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class SessionFactQueries {

    /**
     * A client is active in a window when their latest ended session is in it: one row per client
     * of the counsellor (counsellor_client), read once for every window, whatever the number
     * of sessions (it grouped every session of the counsellor by client until 2026-12-05: 17 ms at
     * 3,620 sessions, growing with the history).
     */
    private static final String ACTIVE_OF_WINDOW = "count(*) FILTER (WHERE last_ended_at >= :since%1$d)";
    private static final String ACTIVE_OF_COUNSELLORS = """
            SELECT counsellor_id, %s FROM counsellor_client
             WHERE %s AND last_ended_at >= :from
             GROUP BY counsellor_id
            """;

    private static final String ACTIVE_PER_COUNSELLOR = """
            SELECT counsellor_id, count(*) FROM counsellor_client WHERE last_ended_at >= :since GROUP BY counsellor_id
            """;
    private static final String ACTIVE_OF_ALL = "SELECT count(DISTINCT client_ref) FROM counsellor_client WHERE last_ended_at >= :since";
    /**
     * Every counsellor analytics has heard of (CounsellorViewRows marks them all changed with it). A
     * safety alert may arrive before the session events of its counsellor.
     */
    static final String COUNSELLORS = "SELECT counsellor_id FROM counsellor_day UNION SELECT counsellor_id FROM counsellor_client"
            + " UNION SELECT counsellor_id FROM safety_alert";

    /** activeClients of every counsellor with one in the window. */
    public Uni<Map<UUID, Long>> activeClientsPerCounsellor(Instant since) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ACTIVE_PER_COUNSELLOR, Object[].class)
                .setParameter("since", since)
                .getResultList())
                .map(rows -> {
                    Map<UUID, Long> active = new HashMap<>();
                    rows.forEach(row -> active.put(Rows.uuid(row[0]), Rows.number(row[1])));
                    return active;
                });
    }

    /** Distinct clients with an ended session in the window, across the organisation. */
    public Uni<Long> activeClientsOfAll(Instant since) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ACTIVE_OF_ALL, Long.class)
                .setParameter("since", since)
                .getSingleResult());
    }

    /** Every counsellor analytics has heard of. */
    public Uni<List<UUID>> counsellors() {
        return Panache.getSession().chain(s -> s.createNativeQuery(COUNSELLORS, UUID.class).getResultList());
    }

    /** Per counsellor and window, the counsellor's active clients (with an ended session in it): one statement for all. */
    public Uni<Map<UUID, List<Long>>> activeClients(Collection<UUID> counsellors, List<Instant> starts) {
        String sql = ACTIVE_OF_COUNSELLORS.formatted(PerWindow.each(ACTIVE_OF_WINDOW, starts.size()), CounsellorBatch.ROWS);
        return Panache.getSession().chain(s -> PerWindow.bind(s.createNativeQuery(sql, Object[].class), counsellors, starts)
                .getResultList())
                .map(rows -> PerWindow.read(rows, counsellors, starts.size(), 1, (columns, i) -> Rows.number(columns[i]), 0L));
    }
}
