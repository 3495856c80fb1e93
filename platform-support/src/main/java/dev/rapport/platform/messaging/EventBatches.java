package dev.rapport.platform.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The skeleton of an idempotent batch consumer of CloudEvents: read each record as the consumer's
 * view of its event (the unreadable ones go to the dead-letter topic), skip the types it does not
 * apply, keep the events this consumer has not processed yet, apply them, with the effect and the
 * processed-event rows in one transaction. Retries, the one-by-one fallback and dead-lettering are
 * {@link BatchConsumption}'s: the {@code @Incoming} method that calls this must NOT carry
 * {@code @WithTransaction} (this opens its own transactions).
 */
@ApplicationScoped
public class EventBatches {

    private final ProcessedEvents processed;
    private final BatchConsumption consumption;

    public EventBatches(ProcessedEvents processed, BatchConsumption consumption) {
        this.processed = processed;
        this.consumption = consumption;
    }

    private record Delivery<T>(UUID eventId, T event) {}

    /**
     * @param consumer        the name under which processed events are remembered
     * @param deadLetterTopic where unreadable records go, one by one, and records that keep failing
     * @param wanted          the ce_types this consumer applies; others are skipped, not dead-lettered
     * @param view            reads an event as the consumer needs it; throws PoisonEventException when it cannot
     * @param apply           the effect of the first deliveries, in the batch's order, inside the transaction
     */
    public <T> Uni<Void> consume(String consumer, String deadLetterTopic, ConsumerRecords<String, String> records,
                                 Predicate<String> wanted, Function<IncomingEvent, T> view, Function<List<T>, Uni<Void>> apply) {
        return consumption.consume(consumer, deadLetterTopic, records,
                record -> {
                    IncomingEvent event = IncomingEvent.read(record);
                    return wanted.test(event.type()) ? Optional.of(new Delivery<>(event.id(), view.apply(event))) : Optional.empty();
                },
                batch -> processed.firstDeliveries(consumer, batch, Delivery::eventId)
                        .chain(first -> apply.apply(first.stream().map(Delivery::event).toList())));
    }
}
