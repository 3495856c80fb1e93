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

    public Uni<Void> record(UUID session, UUID counsellor, String clientRef, String status, Instant at) {
        int rank = SessionRank.of(status);
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT)
                .setParameter("session", session)
                .setParameter("counsellor", counsellor)
                .setParameter("client", clientRef)
                .setParameter("status", status)
                .setParameter("at", at)
                .setParameter("rank", rank)
                .executeUpdate()).replaceWithVoid();
    }
}
