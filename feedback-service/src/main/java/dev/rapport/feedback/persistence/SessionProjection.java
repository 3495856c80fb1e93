package dev.rapport.feedback.persistence;

import dev.rapport.platform.messaging.SessionRank;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A session as this service knows it from session-events: who, and whether and when it ended. */
@Entity
@Table(name = "session_projection")
public class SessionProjection extends PanacheEntityBase {

    private static final String UPSERT = """
            INSERT INTO session_projection (session_id, counsellor_id, client_id, status, ended_at)
            VALUES (:session, :counsellor, :client, :status, :endedAt)
            ON CONFLICT (session_id) DO UPDATE
               SET status = excluded.status, ended_at = excluded.ended_at
             WHERE %s < :rank
            """.formatted(SessionRank.sql("session_projection.status"));

    @Id
    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "counsellor_id")
    public UUID counsellorId;

    @Column(name = "client_id")
    public UUID clientId;

    public String status;

    @Column(name = "ended_at")
    public Instant endedAt;

    public boolean ended() {
        return "ENDED".equals(status);
    }

    /** Records a status; an event older in the session's life than what is known changes nothing. */
    public static Uni<Void> record(UUID session, UUID counsellor, UUID client, String status, Instant endedAt) {
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT)
                .setParameter("session", session)
                .setParameter("counsellor", counsellor)
                .setParameter("client", client)
                .setParameter("status", status)
                .setParameter("endedAt", endedAt)
                .setParameter("rank", SessionRank.of(status))
                .executeUpdate()).replaceWithVoid();
    }
}
