package dev.rapport.analytics.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class SessionFactQueries {

    /**
     * Per window (its index as {@code %1$d}), the client's sessions by status; a client with an
     * ended one counts once. Grouping by client first spares a sort per distinct count and window.
     */
    private static final String COUNTS_PER_CLIENT = "count(*) FILTER (WHERE status = 'ENDED' AND status_at >= :since%1$d) AS ended%1$d,"
            + " count(*) FILTER (WHERE status = 'CANCELLED' AND status_at >= :since%1$d) AS cancelled%1$d,"
            + " count(*) FILTER (WHERE status = 'NO_SHOW' AND status_at >= :since%1$d) AS no_shows%1$d";
    private static final String COUNTS = "coalesce(sum(ended%1$d), 0), coalesce(sum(cancelled%1$d), 0),"
            + " coalesce(sum(no_shows%1$d), 0), count(*) FILTER (WHERE ended%1$d > 0)";
    private static final int COUNTS_PER_WINDOW = 4;
    private static final String COUNTS_OF_COUNSELLOR = """
            SELECT %s FROM (
                SELECT %s FROM session_fact
                 WHERE counsellor_id = :counsellor AND status_at >= :from AND status_at <= :until
                 GROUP BY client_ref) per_client
            """;

    private static final String ACTIVE_PER_COUNSELLOR = """
            SELECT counsellor_id, count(DISTINCT client_ref) FROM session_fact
             WHERE status = 'ENDED' AND status_at >= :since GROUP BY counsellor_id
            """;
    private static final String ACTIVE_OF_ALL = "SELECT count(DISTINCT client_ref) FROM session_fact WHERE status = 'ENDED' AND status_at >= :since";
    /** A safety alert may arrive before the session events of its counsellor. */
    private static final String COUNSELLORS = "SELECT counsellor_id FROM counsellor_day UNION SELECT counsellor_id FROM session_fact"
            + " UNION SELECT counsellor_id FROM safety_alert";

    /** activeClients of every counsellor with one in the window. */
    public Uni<Map<UUID, Long>> activeClientsPerCounsellor(Instant since) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ACTIVE_PER_COUNSELLOR, Object[].class)
                .setParameter("since", since)
                .getResultList())
                .map(rows -> {
                    Map<UUID, Long> active = new HashMap<>();
                    rows.forEach(row -> active.put(Rows.uuid(row[0]), number(row[1])));
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

    /** Per window, the counsellor's sessions from its start to {@code until}: one statement for all. */
    public Uni<List<SessionCounts>> counts(UUID counsellor, List<Instant> starts, Instant until) {
        String sql = COUNTS_OF_COUNSELLOR.formatted(PerWindow.each(COUNTS, starts.size()), PerWindow.each(COUNTS_PER_CLIENT, starts.size()));
        return Panache.getSession().chain(s -> PerWindow.bind(s.createNativeQuery(sql, Object[].class), starts)
                .setParameter("counsellor", counsellor)
                .setParameter("until", until)
                .getSingleResult())
                .map(row -> PerWindow.read(starts.size(), COUNTS_PER_WINDOW,
                        i -> new SessionCounts(number(row[i]), number(row[i + 1]), number(row[i + 2]), number(row[i + 3]))));
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
