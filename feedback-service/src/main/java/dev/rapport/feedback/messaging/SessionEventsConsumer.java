package dev.rapport.feedback.messaging;

import dev.rapport.feedback.persistence.SessionProjection;
import dev.rapport.platform.messaging.EventBatches;
import dev.rapport.platform.messaging.SessionEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the session projection; idempotent on ce_id, tolerant of order. Consumes a batch at a
 * time (what one poll returned) in one transaction; a record it cannot read, or that keeps
 * failing, goes to the dead-letter topic {@value #DEAD_LETTER_TOPIC} and the rest of the batch is
 * applied; an unreachable database is waited for ({@link dev.rapport.platform.messaging.BatchConsumption}).
 */
@ApplicationScoped
public class SessionEventsConsumer {

    static final String CONSUMER = "feedback.session-events";
    static final String DEAD_LETTER_TOPIC = "feedback-service.session-events-dlq";

    private final EventBatches batches;

    public SessionEventsConsumer(EventBatches batches) {
        this.batches = batches;
    }

    @Incoming("session-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return batches.consume(CONSUMER, DEAD_LETTER_TOPIC, records, type -> true, SessionEvent::of, SessionProjection::record);
    }
}
