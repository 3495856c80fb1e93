package dev.rapport.platform.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The idempotent consumer's memory (Debezium's pattern): a row per (consumer, event id), written
 * in the same transaction as the event's effect, so a redelivered event is recognised and its
 * effect applied once.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** True when this consumer had not processed the event yet (and now has, once the transaction commits). */
    public Uni<Boolean> firstDelivery(String consumer, UUID eventId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO processed_event (consumer, event_id) VALUES (:consumer, :id) ON CONFLICT DO NOTHING")
                .setParameter("consumer", consumer)
                .setParameter("id", eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
