package dev.rapport.analytics.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gate between the live consumers and a rebuild's switch-over, across every instance: each
 * live consumer transaction passes it first (a shared, transaction-scoped advisory lock), the
 * switch-over closes it (the same lock, exclusive, held by the rebuild's own connection). While
 * it is closed no live effect commits, so the rebuild can read the topics to their end and know
 * that every event the live tables contain is in the rebuilt ones.
 */
@ApplicationScoped
public class RebuildGate {

    private static final String GATE = AdvisoryLocks.REBUILD_GATE.arguments();
    private static final String PASS = "SELECT 1 FROM (SELECT pg_advisory_xact_lock_shared(" + GATE + ")) passed";
    private static final String SHUT = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + GATE + ")) shut";
    /** Session-scoped: held by the rebuild's connection from before the tail is read until after the switch. */
    public static final String CLOSE = "SELECT pg_advisory_lock(" + GATE + ")";
    public static final String OPEN = "SELECT pg_advisory_unlock(" + GATE + ")";

    /**
     * Closes the gate for the rest of the current transaction (an erasure): live consumer
     * transactions in flight on every instance finish first, new ones wait until it commits.
     */
    public Uni<Void> shut() {
        return Panache.getSession().chain(s -> s.createNativeQuery(SHUT, Integer.class).getSingleResult()).replaceWithVoid();
    }

    /**
     * Call first in a live consumer's transaction, before it locks or writes anything (the session
     * and feedback consumers pass it in their lock statement: {@link SessionLocks#passAndLock}).
     */
    public Uni<Void> pass() {
        return Panache.getSession().chain(s -> s.createNativeQuery(PASS, Integer.class).getSingleResult()).replaceWithVoid();
    }
}
