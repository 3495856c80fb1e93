package dev.rapport.platform.messaging;

import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The idempotent consumer's memory (Debezium's pattern): a row per (consumer, event id), written
 * in the same transaction as the event's effect, so a redelivered event is recognised and its
 * effect applied once.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String PURGE = "DELETE FROM processed_event WHERE processed_at < $1";

    private final Pool pool;
    private final Duration retention;

    public ProcessedEvents(Pool pool, @ConfigProperty(name = "rapport.processed-events.retention", defaultValue = "P30D") Duration retention) {
        this.pool = pool;
        this.retention = retention;
    }

    /**
     * Forgets event ids after the retention (docs/privacy.md): long past any redelivery, since a
     * consumer commits its offsets within minutes and replays (the rebuild) do not use this table.
     */
    @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purge() {
        return pool.preparedQuery(PURGE).execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC).minus(retention)))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

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
                // A list (of one): Hibernate keeps no plan of a native select with a list
                // parameter; it would keep one per batch, as it never finds a native select's
                // plan again (Hibernate Reactive 3.2), and walk them all at every lookup.
                .setParameter("consumer", List.of(consumer))
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
