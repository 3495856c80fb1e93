package dev.rapport.platform.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /** True when this consumer had not processed the event yet (and now has, once the transaction commits). */
    public Uni<Boolean> firstDelivery(String consumer, UUID eventId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO processed_event (consumer, event_id) VALUES (:consumer, :id) ON CONFLICT DO NOTHING")
                .setParameter("consumer", consumer)
                .setParameter("id", eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * A batch's event ids in one statement: those this consumer had not processed yet (and now
     * has, once the transaction commits). An id repeated in the batch counts once.
     */
    public Uni<Set<UUID>> firstDeliveries(String consumer, Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String ids = eventIds.stream().map(UUID::toString).distinct().collect(Collectors.joining(","));
        return Panache.getSession().chain(session -> session.createNativeQuery(FIRST_DELIVERIES, String.class)
                .setParameter("consumer", consumer)
                .setParameter("ids", ids)
                .getResultList())
                .map(inserted -> {
                    Set<UUID> first = new HashSet<>();
                    inserted.forEach(id -> first.add(UUID.fromString(id)));
                    return first;
                });
    }
}
