package dev.rapport.analytics.persistence;

import dev.rapport.analytics.service.SessionCounts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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
