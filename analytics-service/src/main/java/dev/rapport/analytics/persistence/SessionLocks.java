package dev.rapport.analytics.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * A transaction-scoped lock per session. The session's end (session-events) and its first
 * feedback (feedback-events) are consumed concurrently; whichever commits last must see the
 * other to count the session as "ended with feedback". Without the lock both could miss each
 * other under READ COMMITTED and the session would never count.
 */
@ApplicationScoped
public class SessionLocks {

    private static final int LOCK_CLASS = 0x0a5e;
    private static final String LOCK = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", hashtext(:session))) locked";

    public Uni<Void> lock(UUID session) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LOCK, Integer.class)
                .setParameter("session", session.toString())
                .getSingleResult()).replaceWithVoid();
    }
}
