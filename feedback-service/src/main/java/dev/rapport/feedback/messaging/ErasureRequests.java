package dev.rapport.feedback.messaging;

import dev.rapport.feedback.service.ClientErasure;
import dev.rapport.platform.messaging.DeadLetters;
import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.ProcessedEvents;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Erasure requests on the erasures topic (confirmations are skipped); idempotent on ce_id. */
@ApplicationScoped
public class ErasureRequests {

    static final String CONSUMER = "feedback.erasures";
    static final String DEAD_LETTER_TOPIC = "feedback-service.erasures-dlq";

    private final ClientErasure erasure;
    private final ProcessedEvents processed;
    private final DeadLetters deadLetters;

    public ErasureRequests(ClientErasure erasure, ProcessedEvents processed, DeadLetters deadLetters) {
        this.erasure = erasure;
        this.processed = processed;
        this.deadLetters = deadLetters;
    }

    private record Delivery(UUID eventId, Erasures.Requested request) {}

    @Incoming("erasures")
    @WithTransaction
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Delivery> batch = new ArrayList<>();
        List<DeadLetters.Poison> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                IncomingEvent event = IncomingEvent.read(record);
                if (Erasures.REQUESTED.equals(event.type())) {
                    batch.add(new Delivery(event.id(), Erasures.Requested.of(event)));
                }
            } catch (IncomingEvent.PoisonEventException e) {
                poison.add(new DeadLetters.Poison(record, e.getMessage()));
            }
        }
        return deadLetters.send(DEAD_LETTER_TOPIC, poison)
                .chain(() -> processed.firstDeliveries(CONSUMER, batch, Delivery::eventId))
                .chain(first -> erasure.erase(first.stream().map(Delivery::request).toList()));
    }
}
