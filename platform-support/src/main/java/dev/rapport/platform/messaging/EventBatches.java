package dev.rapport.platform.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The skeleton of an idempotent batch consumer: read each record as the consumer's view of its
 * event, send the unreadable ones to the dead-letter topic, keep the events this consumer has not
 * processed yet, apply them. Call it from an {@code @Incoming} method that carries
 * {@code @WithTransaction}, so that the effect and the processed-event rows commit together.
 */
@ApplicationScoped
public class EventBatches {

    private final ProcessedEvents processed;
    private final DeadLetters deadLetters;

    public EventBatches(ProcessedEvents processed, DeadLetters deadLetters) {
        this.processed = processed;
        this.deadLetters = deadLetters;
    }

    private record Delivery<T>(UUID eventId, T event) {}

    /**
     * @param consumer       the name under which processed events are remembered
     * @param deadLetterTopic where unreadable records go, one by one
     * @param wanted         the ce_types this consumer applies; others are skipped, not dead-lettered
     * @param view           reads an event as the consumer needs it; throws PoisonEventException when it cannot
     * @param apply          the effect of the batch's first deliveries, in the batch's order
     */
    public <T> Uni<Void> consume(String consumer, String deadLetterTopic, ConsumerRecords<String, String> records,
                                 Predicate<String> wanted, Function<IncomingEvent, T> view, Function<List<T>, Uni<Void>> apply) {
        List<Delivery<T>> batch = new ArrayList<>(records.count());
        List<DeadLetters.Poison> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                IncomingEvent event = IncomingEvent.read(record);
                if (wanted.test(event.type())) {
                    batch.add(new Delivery<>(event.id(), view.apply(event)));
                }
            } catch (IncomingEvent.PoisonEventException e) {
                poison.add(new DeadLetters.Poison(record, e.getMessage()));
            }
        }
        return deadLetters.send(deadLetterTopic, poison)
                .chain(() -> processed.firstDeliveries(consumer, batch, Delivery::eventId))
                .chain(first -> apply.apply(first.stream().map(Delivery::event).toList()));
    }
}
