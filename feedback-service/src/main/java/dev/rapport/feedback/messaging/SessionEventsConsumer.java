package dev.rapport.feedback.messaging;

import dev.rapport.feedback.persistence.SessionProjection;
import dev.rapport.platform.messaging.DeadLetters;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.ProcessedEvents;
import dev.rapport.platform.messaging.SessionEvent;
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
 * Keeps the session projection; idempotent on ce_id, tolerant of order. Consumes a batch at a
 * time (what one poll returned) in one transaction; a record it cannot read goes to the
 * dead-letter topic {@value #DEAD_LETTER_TOPIC} and the rest of the batch is applied. Any other
 * failure (the database's) fails the batch: it is not acknowledged and is read again.
 */
@ApplicationScoped
public class SessionEventsConsumer {

    static final String CONSUMER = "feedback.session-events";
    static final String DEAD_LETTER_TOPIC = "feedback-service.session-events-dlq";

    private final ProcessedEvents processed;
    private final DeadLetters deadLetters;

    public SessionEventsConsumer(ProcessedEvents processed, DeadLetters deadLetters) {
        this.processed = processed;
        this.deadLetters = deadLetters;
    }

    private record Delivery(UUID eventId, SessionEvent session) {}

    @Incoming("session-events")
    @WithTransaction
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Delivery> batch = new ArrayList<>(records.count());
        List<DeadLetters.Poison> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                IncomingEvent event = IncomingEvent.read(record);
                batch.add(new Delivery(event.id(), SessionEvent.of(event)));
            } catch (IncomingEvent.PoisonEventException e) {
                poison.add(new DeadLetters.Poison(record, e.getMessage()));
            }
        }
        return deadLetters.send(DEAD_LETTER_TOPIC, poison)
                .chain(() -> processed.firstDeliveries(CONSUMER, batch, Delivery::eventId))
                .chain(first -> SessionProjection.record(first.stream().map(Delivery::session).toList()));
    }
}
