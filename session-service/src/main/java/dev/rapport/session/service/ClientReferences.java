package dev.rapport.session.service;

import dev.rapport.platform.outbox.Outbox;
import dev.rapport.platform.privacy.Pseudonyms;
import dev.rapport.session.events.ClientKeys;
import dev.rapport.session.persistence.ClientReference;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;

/** Draws each client's reference once and tells feedback-service through client-keys. */
@ApplicationScoped
public class ClientReferences {

    private final Outbox outbox;
    private final Pseudonyms pseudonyms;

    public ClientReferences(Outbox outbox, Pseudonyms pseudonyms) {
        this.outbox = outbox;
        this.pseudonyms = pseudonyms;
    }

    /** The client's reference, drawn now for a new client; call it inside the caller's transaction. */
    Uni<String> of(UUID clientId, Instant now) {
        return ClientReference.<ClientReference>findById(clientId).chain(known -> {
            if (known != null) {
                return Uni.createFrom().item(known.clientRef);
            }
            String drawn = Pseudonyms.newClientRef();
            return ClientReference.claim(clientId, drawn, now).chain(stored -> stored
                    ? announce(clientId, drawn, now).replaceWith(drawn)
                    // another request drew one first
                    : ClientReference.<ClientReference>findById(clientId).map(winner -> winner.clientRef));
        });
    }

    /**
     * Announces the keys still to announce (references drawn by a migration, or all of them after
     * a key rotation), a batch per pass; several instances take disjoint rows.
     */
    @Scheduled(every = "1m", delay = 5, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @WithTransaction
    public Uni<Void> announcePending() {
        Instant now = Instant.now();
        return ClientReference.<ClientReference>find("announcedAt is null order by createdAt")
                .withLock(LockModeType.PESSIMISTIC_WRITE).page(0, 500).list()
                .chain(pending -> Multi.createFrom().iterable(pending)
                        .onItem().transformToUniAndConcatenate(reference -> {
                            reference.announcedAt = now;
                            return announce(reference.clientId, reference.clientRef, now);
                        })
                        .collect().last())
                .replaceWithVoid();
    }

    /** The subject is the lookup key too, never the reference: a tombstone outlives compaction for a while. */
    private Uni<UUID> announce(UUID clientId, String clientRef, Instant now) {
        String lookup = pseudonyms.lookupKey(clientId);
        return outbox.add(ClientKeys.announced(lookup, clientRef, now));
    }
}
