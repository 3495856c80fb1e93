package dev.rapport.analytics.persistence;

import dev.rapport.platform.messaging.SessionRank;
import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The session_fact table: what analytics knows of each session, the client by pseudonymous reference. */
@ApplicationScoped
public class SessionFacts {

    /** A session's status as an event reports it. */
    public record Fact(UUID sessionId, UUID counsellorId, String clientRef, String status, Instant at) {}

    /** An ended session as the feedback side needs it, with the number of its forms stored. */
    public record Ended(UUID counsellorId, Instant endedAt, long forms) {}

    /**
     * Upsert of a batch (one row per session) that never moves a session back in its life (see
     * {@link SessionRank}); returns the sessions that are new here or moved on. The same statement
     * keeps the counsellor's clients (counsellor_client, V12), moving each one's latest end forward
     * from the sessions that ended now: GREATEST, so that order and replays do not matter. A
     * session returned here has the event's status (ENDED, CANCELLED and NO_SHOW rank equal: the
     * first stored stays, unchanged).
     */
    private static final String UPSERT = """
            WITH changed AS (
                INSERT INTO session_fact (session_id, counsellor_id, client_ref, status, status_at)
                SELECT session_id, counsellor_id, client_ref, status, status_at
                  FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb))
                       AS r(session_id uuid, counsellor_id uuid, client_ref varchar, status varchar, status_at timestamptz)
                 ORDER BY session_id
                ON CONFLICT (session_id) DO UPDATE
                   SET status = excluded.status, status_at = excluded.status_at
                 WHERE %s < %s
                RETURNING session_id, counsellor_id, client_ref, status, status_at),
            latest AS (
                INSERT INTO counsellor_client AS c (counsellor_id, client_ref, last_ended_at)
                SELECT counsellor_id, client_ref, max(status_at) FILTER (WHERE status = 'ENDED') FROM changed
                 GROUP BY counsellor_id, client_ref
                 ORDER BY counsellor_id, client_ref
                ON CONFLICT (counsellor_id, client_ref) DO UPDATE SET last_ended_at = GREATEST(c.last_ended_at, excluded.last_ended_at))
            SELECT CAST(session_id AS varchar) FROM changed
            """.formatted(SessionRank.sql("session_fact.status"), SessionRank.sql("excluded.status"));
    private static final String OF_CLIENT = "SELECT session_id, counsellor_id, status, status_at FROM session_fact WHERE client_ref = :ref";
    private static final String ENDED = """
            SELECT s.session_id, s.counsellor_id, s.status_at, (SELECT count(*) FROM feedback_fact f WHERE f.session_id = s.session_id)
              FROM session_fact s
             WHERE s.session_id IN (SELECT CAST(unnest(string_to_array(:sessions, ',')) AS uuid)) AND s.status = 'ENDED'
            """;

    /**
     * Records a batch's session statuses, at most one per session; returns the sessions that
     * are new here or moved on in their life (and so count now).
     */
    public Uni<Set<UUID>> record(Collection<Fact> facts) {
        if (facts.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<Map<String, Object>> rows = facts.stream().map(fact -> Map.<String, Object>of(
                "session_id", fact.sessionId().toString(),
                "counsellor_id", fact.counsellorId().toString(),
                "client_ref", fact.clientRef(),
                "status", fact.status(),
                "status_at", fact.at().toString())).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT, String.class)
                .setParameter("rows", RecordSet.of(rows))
                .getResultList())
                .map(ids -> {
                    Set<UUID> changed = new HashSet<>();
                    ids.forEach(id -> changed.add(UUID.fromString(id)));
                    return changed;
                });
    }

    /** Every session of the client. */
    public Uni<List<Fact>> ofClient(String clientRef) {
        return Panache.getSession().chain(s -> s.createNativeQuery(OF_CLIENT, Object[].class)
                .setParameter("ref", clientRef)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new Fact(Rows.uuid(row[0]), Rows.uuid(row[1]), clientRef, (String) row[2],
                        Rows.instant(row[3]))).toList());
    }

    /** Of these sessions, those that have ended, with their counsellor, their end and the forms stored so far. */
    public Uni<Map<UUID, Ended>> ended(Collection<UUID> sessions) {
        if (sessions.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(ENDED, Object[].class)
                .setParameter("sessions", RecordSet.ids(sessions))
                .getResultList())
                .map(rows -> {
                    Map<UUID, Ended> ended = new HashMap<>();
                    rows.forEach(row -> ended.put(Rows.uuid(row[0]), new Ended(Rows.uuid(row[1]), Rows.instant(row[2]), Rows.number(row[3]))));
                    return ended;
                });
    }
}
