package dev.rapport.session.service;

import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.audit.AuditLog;
import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.outbox.Outbox;
import dev.rapport.platform.privacy.Pseudonyms;
import dev.rapport.platform.security.Caller;
import dev.rapport.session.events.ClientKeys;
import dev.rapport.session.persistence.ClientReference;
import dev.rapport.session.persistence.ErasureRecord;
import dev.rapport.session.persistence.SessionRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Erasure of a client (GDPR Art. 17; docs/privacy.md). This service erases what it holds in the
 * request's transaction (the client's sessions, the reference and its link to the person, every
 * outbox row that names them), writes a tombstone for the client's key on client-keys, and asks
 * feedback- and analytics-service through the erasures topic; the erasure is DONE when both
 * have confirmed, and then forgets whom it was about.
 */
@ApplicationScoped
public class ErasureService {

    /** Every outbox row that names the client: sent or not, none of them may go out after the request. */
    private static final String FORGET_OUTBOX = """
            DELETE FROM outbox_event WHERE record_key = :lookup OR subject = :lookup OR payload LIKE :ref
            """;
    /** Once done, the erasure's own rows too (the tombstone names the lookup key, the request the reference), once sent. */
    private static final String FORGET_SENT_OUTBOX = """
            DELETE FROM outbox_event WHERE published_at IS NOT NULL AND (record_key = :lookup OR subject = :lookup OR payload LIKE :ref)
            """;

    private final Outbox outbox;
    private final Pseudonyms pseudonyms;
    private final AuditLog audit;

    public ErasureService(Outbox outbox, Pseudonyms pseudonyms, AuditLog audit) {
        this.outbox = outbox;
        this.pseudonyms = pseudonyms;
        this.audit = audit;
    }

    /** The erasure of the client: the pending one if there is one (a repeat), else a new one. */
    @WithTransaction
    public Uni<ErasureRecord> request(Caller admin, UUID clientId) {
        String lookup = pseudonyms.lookupKey(clientId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return ErasureRecord.<ErasureRecord>find("lookupKey", lookup).firstResult().chain(pending -> pending != null
                ? Uni.createFrom().item(pending)
                : ClientReference.<ClientReference>findById(clientId).chain(reference -> {
                    ErasureRecord erasure = ErasureRecord.requested(admin.id(), now);
                    if (reference == null) {
                        // Nothing about this client here, so nothing anywhere: no session, no reference.
                        erasure.done(now);
                        return erasure.<ErasureRecord>persist();
                    }
                    erasure.lookupKey = lookup;
                    erasure.clientRef = reference.clientRef;
                    return erasure.persist()
                            .chain(() -> SessionRecord.delete("clientId", clientId))
                            .chain(reference::delete)
                            .chain(() -> forget(FORGET_OUTBOX, lookup, reference.clientRef))
                            .chain(() -> outbox.add(ClientKeys.erased(lookup, now)))
                            .chain(() -> outbox.add(Erasures.requested(new Erasures.Requested(erasure.id, reference.clientRef, now))))
                            .replaceWith(erasure);
                }))
                // who erased and when, never whom
                .invoke(erasure -> audit.change(admin, "erase", "erasure", erasure.id));
    }

    @WithSession
    public Uni<ErasureRecord> find(UUID id) {
        return ErasureRecord.<ErasureRecord>findById(id).map(erasure -> {
            if (erasure == null) {
                throw ProblemException.notFound("No erasure " + id);
            }
            return erasure;
        });
    }

    /** Confirmations from the erasing services, each applied once (the consumer de-duplicates). */
    public Uni<Void> confirmed(List<Erasures.Completed> completions) {
        return Multi.createFrom().iterable(completions)
                .onItem().transformToUniAndConcatenate(done -> ErasureRecord.<ErasureRecord>findById(done.erasureId()).chain(erasure -> {
                    if (erasure == null || erasure.lookupKey == null) {
                        return Uni.createFrom().voidItem();
                    }
                    String lookup = erasure.lookupKey;
                    String ref = erasure.clientRef;
                    erasure.erasedBy(done.service(), done.completedAt() == null ? Instant.now() : done.completedAt());
                    return ErasureRecord.DONE.equals(erasure.state) ? forget(FORGET_SENT_OUTBOX, lookup, ref) : Uni.createFrom().voidItem();
                }))
                .collect().last().replaceWithVoid();
    }

    private static Uni<Void> forget(String statement, String lookup, String ref) {
        return Panache.getSession().chain(s -> s.createNativeQuery(statement)
                .setParameter("lookup", lookup).setParameter("ref", "%" + ref + "%").executeUpdate()).replaceWithVoid();
    }
}
