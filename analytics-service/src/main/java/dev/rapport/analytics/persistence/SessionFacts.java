package dev.rapport.analytics.persistence;

import dev.rapport.platform.messaging.SessionRank;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class SessionFacts {

    /** Upsert that never moves a session back in its life (see {@link SessionRank}). */
    private static final String UPSERT = """
            INSERT INTO session_fact (session_id, counsellor_id, client_ref, status, status_at)
            VALUES (:session, :counsellor, :client, :status, :at)
            ON CONFLICT (session_id) DO UPDATE
               SET status = excluded.status, status_at = excluded.status_at
             WHERE %s < :rank
            """.formatted(SessionRank.sql("session_fact.status"));

    /** An ended session as the feedback side needs it. */
    public record Ended(UUID counsellorId, Instant endedAt) {}

    private static final String ENDED = "SELECT counsellor_id, status_at FROM session_fact WHERE session_id = :session AND status = 'ENDED'";

    /** True when the session is new here or moved on in its life (and so counts now). */
    public Uni<Boolean> record(UUID session, UUID counsellor, String clientRef, String status, Instant at) {
        int rank = SessionRank.of(status);
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT)
                .setParameter("session", session)
                .setParameter("counsellor", counsellor)
                .setParameter("client", clientRef)
                .setParameter("status", status)
                .setParameter("at", at)
                .setParameter("rank", rank)
                .executeUpdate()).map(changed -> changed == 1);
    }

    /** The session when it has ended, else null. */
    public Uni<Ended> ended(UUID session) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ENDED, Object[].class)
                .setParameter("session", session)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : new Ended(Rows.uuid(rows.get(0)[0]), Rows.instant(rows.get(0)[1])));
    }
}
