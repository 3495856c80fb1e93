package dev.rapport.platform.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import dev.rapport.platform.persistence.RecordSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The idempotent consumer's memory (Debezium's pattern): a row per (consumer, event id), written
 * in the same transaction as the event's effect, so a redelivered event is recognised and its
 * effect applied once.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String FIRST_DELIVERIES = """
            WITH inserted AS (
                INSERT INTO processed_event (consumer, event_id)
                SELECT :consumer, CAST(id AS uuid) FROM unnest(string_to_array(:ids, ',')) AS id
                ON CONFLICT DO NOTHING
                RETURNING event_id)
            SELECT CAST(event_id AS varchar) FROM inserted
            """;

    /**
     * The items of a batch whose event this consumer had not processed yet (and now has, once
     * the transaction commits), in the batch's order: one statement for the whole batch. An event
     * id repeated in the batch counts once, at its first place.
     */
    public <T> Uni<List<T>> firstDeliveries(String consumer, List<T> batch, Function<T, UUID> eventId) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(FIRST_DELIVERIES, String.class)
                .setParameter("consumer", consumer)
                .setParameter("ids", RecordSet.ids(batch.stream().map(eventId).toList()))
                .getResultList())
                .map(inserted -> {
                    Set<UUID> first = new HashSet<>();
                    inserted.forEach(id -> first.add(UUID.fromString(id)));
                    // remove(): a repeat later in the batch is no longer first.
                    return batch.stream().filter(item -> first.remove(eventId.apply(item))).toList();
                });
    }
}
