package dev.rapport.feedback.persistence;

import dev.rapport.platform.messaging.SessionEvent;
import dev.rapport.platform.messaging.SessionRank;
import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A session as this service knows it from session-events: its counsellor, its client's reference
 * (matched to the client in a token through {@link ClientKey}), and whether and when it ended.
 */
@Entity
@Table(name = "session_projection")
public class SessionProjection extends PanacheEntityBase {

    /** A batch, one row per session, that never moves a session back in its life (see {@link SessionRank}). */
    private static final String UPSERT = """
            INSERT INTO session_projection (session_id, counsellor_id, client_ref, status, ended_at)
            SELECT session_id, counsellor_id, client_ref, status, ended_at
              FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb))
                   AS r(session_id uuid, counsellor_id uuid, client_ref varchar, status varchar, ended_at timestamptz)
             ORDER BY session_id
            ON CONFLICT (session_id) DO UPDATE
               SET status = excluded.status, ended_at = excluded.ended_at
             WHERE %s < %s
            """.formatted(SessionRank.sql("session_projection.status"), SessionRank.sql("excluded.status"));

    @Id
    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "counsellor_id")
    public UUID counsellorId;

    @Column(name = "client_ref")
    public String clientRef;

    public String status;

    @Column(name = "ended_at")
    public Instant endedAt;

    public boolean ended() {
        return "ENDED".equals(status);
    }

    /**
     * Records a batch of statuses in one statement; an event older in the session's life than
     * what is known changes nothing. Per session only the batch's latest in its life is written
     * (a status never moves back, so it would replace the earlier ones anyway).
     */
    public static Uni<Void> record(List<SessionEvent> events) {
        Collection<SessionEvent> latest = SessionRank.latestPerSession(events, SessionEvent::sessionId, SessionEvent::status);
        if (latest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = latest.stream().map(e -> {
            Map<String, Object> row = new HashMap<>();
            row.put("session_id", e.sessionId().toString());
            row.put("counsellor_id", e.counsellorId().toString());
            row.put("client_ref", e.clientRef());
            row.put("status", e.status());
            row.put("ended_at", e.endedAt() == null ? null : e.endedAt().toString());
            return row;
        }).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT)
                .setParameter("rows", RecordSet.of(rows))
                .executeUpdate()).replaceWithVoid();
    }
}
