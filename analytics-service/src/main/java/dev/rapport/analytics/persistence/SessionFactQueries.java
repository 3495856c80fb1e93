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

    private static final String COUNTS = """
            SELECT count(*) FILTER (WHERE status = 'ENDED'),
                   count(*) FILTER (WHERE status = 'CANCELLED'),
                   count(*) FILTER (WHERE status = 'NO_SHOW'),
                   count(DISTINCT client_ref) FILTER (WHERE status = 'ENDED')
              FROM session_fact
             WHERE counsellor_id = :counsellor AND status_at >= :since AND status_at <= :until
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

    public Uni<SessionCounts> counts(UUID counsellor, Instant since, Instant until) {
        return Panache.getSession().chain(s -> s.createNativeQuery(COUNTS, Object[].class)
                .setParameter("counsellor", counsellor)
                .setParameter("since", since)
                .setParameter("until", until)
                .getSingleResult())
                .map(row -> new SessionCounts(number(row[0]), number(row[1]), number(row[2]), number(row[3])));
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
