package dev.rapport.session.messaging;

import dev.rapport.platform.messaging.DeadLetters;
import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.ProcessedEvents;
import dev.rapport.session.service.ErasureService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The erasing services' confirmations on the erasures topic (requests, this service's own, are
 * skipped); idempotent on ce_id, one transaction per batch, unreadable records dead-lettered.
 */
@ApplicationScoped
public class ErasureConfirmations {

    static final String CONSUMER = "session.erasures";
    static final String DEAD_LETTER_TOPIC = "session-service.erasures-dlq";

    private final ErasureService erasures;
    private final ProcessedEvents processed;
    private final DeadLetters deadLetters;

    public ErasureConfirmations(ErasureService erasures, ProcessedEvents processed, DeadLetters deadLetters) {
        this.erasures = erasures;
        this.processed = processed;
        this.deadLetters = deadLetters;
    }

    private record Delivery(UUID eventId, Erasures.Completed completed) {}

    @Incoming("erasures")
    @WithTransaction
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Delivery> batch = new ArrayList<>();
        List<DeadLetters.Poison> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                IncomingEvent event = IncomingEvent.read(record);
                if (Erasures.COMPLETED.equals(event.type())) {
                    batch.add(new Delivery(event.id(), Erasures.Completed.of(event)));
                }
            } catch (IncomingEvent.PoisonEventException e) {
                poison.add(new DeadLetters.Poison(record, e.getMessage()));
            }
        }
        return deadLetters.send(DEAD_LETTER_TOPIC, poison)
                .chain(() -> processed.firstDeliveries(CONSUMER, batch, Delivery::eventId))
                .chain(first -> erasures.confirmed(first.stream().map(Delivery::completed).toList()));
    }
}
