package dev.rapport.feedback.service;

import dev.rapport.feedback.persistence.ClientKey;
import dev.rapport.feedback.persistence.FeedbackRecord;
import dev.rapport.feedback.persistence.SafetyAlertRecord;
import dev.rapport.feedback.persistence.SessionProjection;
import dev.rapport.platform.audit.AuditLog;
import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Erases a client from this service (docs/privacy.md): forms with their answers and comments,
 * safety alerts with their notes, the session projection, the client's key, and every outbox row
 * that names the reference; then confirms on the erasures topic, in the same transaction, so a
 * crash midway erases again on redelivery.
 */
@ApplicationScoped
public class ClientErasure {

    static final String SERVICE = "feedback-service";
    private static final String FORGET_OUTBOX = "DELETE FROM outbox_event WHERE payload LIKE :ref";

    private final Outbox outbox;
    private final AuditLog audit;

    public ClientErasure(Outbox outbox, AuditLog audit) {
        this.outbox = outbox;
        this.audit = audit;
    }

    /** Call inside the consumer's transaction. */
    public Uni<Void> erase(List<Erasures.Requested> requests) {
        return Multi.createFrom().iterable(requests)
                .onItem().transformToUniAndConcatenate(this::erase)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> erase(Erasures.Requested request) {
        String ref = request.clientRef();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String id = request.erasureId().toString();
        return SafetyAlertRecord.delete("clientRef", ref)
                .chain(() -> FeedbackRecord.delete("clientRef", ref))
                .chain(() -> SessionProjection.delete("clientRef", ref))
                .chain(() -> ClientKey.delete("clientRef", ref))
                .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery(FORGET_OUTBOX).setParameter("ref", "%" + ref + "%").executeUpdate()))
                .chain(() -> outbox.add(Erasures.completed(request, SERVICE, now)))
                .invoke(() -> audit.system("erase", "erasure", id))
                .replaceWithVoid();
    }
}
