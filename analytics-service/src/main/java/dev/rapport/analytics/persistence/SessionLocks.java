package dev.rapport.analytics.persistence;

import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.UUID;

/**
 * Transaction-scoped locks per session and per counsellor, taken for a whole consumed batch
 * before it writes anything.
 *
 * <p>Per session: the session's end (session-events) and its first feedback (feedback-events)
 * are consumed concurrently; whichever commits last must see the other to count the session as
 * "ended with feedback". Without the lock both could miss each other under READ COMMITTED and
 * the session would never count.
 *
 * <p>Per counsellor: a batch updates the day rows of many counsellors, and the two consumers (or
 * two instances) would otherwise update them in different orders and deadlock. All the locks of a
 * batch are taken in one statement in one global order (class, then hash), so two batches never
 * wait for each other in a cycle, and a batch only writes rows of counsellors it holds (the order
 * of every lock: {@link AdvisoryLocks}).
 */
@ApplicationScoped
public class SessionLocks {

    private static final String LOCK = "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(keys.class, keys.key) FROM ("
            + "SELECT DISTINCT class, hashtext(id) AS key FROM ("
            + "SELECT " + AdvisoryLocks.SESSION.lockClass() + " AS class, unnest(string_to_array(:sessions, ',')) AS id"
            + " UNION ALL SELECT " + AdvisoryLocks.COUNSELLOR.lockClass() + ", unnest(string_to_array(:counsellors, ','))) ids"
            + " ORDER BY class, key) keys) locked";

    public Uni<Void> lock(Collection<UUID> sessions, Collection<UUID> counsellors) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LOCK, Long.class)
                .setParameter("sessions", RecordSet.ids(sessions))
                .setParameter("counsellors", RecordSet.ids(counsellors))
                .getSingleResult()).replaceWithVoid();
    }
}
