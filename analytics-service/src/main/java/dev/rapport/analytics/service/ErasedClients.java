package dev.rapport.analytics.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The references of erased clients, in memory only: learnt from the erasures topic (read whole
 * by every instance at start, then followed; see {@code messaging.ErasuresFeed}), never written to
 * the database, where a list of erased references would itself be a row naming the client.
 *
 * <p>Every consumer drops the events of an erased client after it has passed the rebuild gate:
 * an event that arrives after its client's erasure (another topic, another partition, a
 * consumer that was down) must not bring the client back. An erasure adds the reference here
 * before it shuts the gate, so a consumer transaction either committed before the erasure (and
 * the erasure takes its rows out) or sees the reference and drops the event.
 */
@ApplicationScoped
public class ErasedClients {

    private final Set<String> refs = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();

    public void add(String clientRef) {
        refs.add(clientRef);
    }

    public void addAll(Collection<String> clientRefs) {
        refs.addAll(clientRefs);
    }

    public boolean contains(String clientRef) {
        return refs.contains(clientRef);
    }

    /** A copy of what is known now (a rebuild compares it with what is known at its switch-over). */
    public Set<String> snapshot() {
        return Set.copyOf(refs);
    }

    /** Every erasure on the topic when this instance started is known. */
    public void loaded() {
        loaded.complete(null);
    }

    public boolean isLoaded() {
        return loaded.isDone();
    }

    /**
     * Completes once every erasure on the topic at start is known, on the caller's Vert.x
     * context (consumers chain database work after it).
     */
    public Uni<Void> ready() {
        return StartedTask.awaited(loaded);
    }
}
