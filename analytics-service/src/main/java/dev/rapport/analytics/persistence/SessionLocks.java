package dev.rapport.analytics.persistence;

import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.UUID;

/**
 * Transaction-scoped locks per session and per counsellor, taken for a whole consumed batch
 * before it writes anything, in the statement that passes the rebuild gate ({@link RebuildGate}):
 * one round trip where there were two.
 *
 * <p>Per session: the session's end (session-events) and its first feedback (feedback-events)
 * are consumed concurrently; whichever commits last must see the other to count the session as
 * "ended with feedback". Without the lock both could miss each other under READ COMMITTED and
 * the session would never count.
 *
 * <p>Per counsellor: a batch updates the day rows of many counsellors, and the two consumers (or
 * two instances) would otherwise update them in different orders and deadlock. All the locks of a
 * batch are taken in one statement in one global order (the gate, then sessions, then
 * counsellors, each by hash), so two batches never wait for each other in a cycle, and a batch
 * only writes rows of counsellors it holds (the order of every lock: {@link AdvisoryLocks}).
 */
@ApplicationScoped
public class SessionLocks {

    /**
     * The keys in the order of {@link AdvisoryLocks}, then by hash; the outer select takes them in
     * the order its subquery sorted them (DISTINCT keeps the planner from flattening it). Rank 0
     * is the gate, taken shared.
     */
    private static final String LOCK = "SELECT count(*) FROM (SELECT CASE WHEN keys.rank = 0"
            + " THEN pg_advisory_xact_lock_shared(keys.class, keys.key) ELSE pg_advisory_xact_lock(keys.class, keys.key) END"
            + " FROM (SELECT DISTINCT rank, class, key FROM ("
            + "SELECT 0 AS rank, " + AdvisoryLocks.REBUILD_GATE.lockClass() + " AS class, " + AdvisoryLocks.REBUILD_GATE.key() + " AS key"
            + " UNION ALL SELECT 1, " + AdvisoryLocks.SESSION.lockClass() + ", hashtext(id) FROM unnest(string_to_array(:sessions, ',')) AS id"
            + " UNION ALL SELECT 2, " + AdvisoryLocks.COUNSELLOR.lockClass() + ", hashtext(id) FROM unnest(string_to_array(:counsellors, ',')) AS id"
            + ") ids ORDER BY rank, key) keys) locked";

    /** Call first in a live consumer's transaction: passes the rebuild gate, then locks these sessions and counsellors. */
    public Uni<Void> passAndLock(Collection<UUID> sessions, Collection<UUID> counsellors) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LOCK, Long.class)
                .setParameter("sessions", RecordSet.ids(sessions))
                .setParameter("counsellors", RecordSet.ids(counsellors))
                .getSingleResult()).replaceWithVoid();
    }
}
