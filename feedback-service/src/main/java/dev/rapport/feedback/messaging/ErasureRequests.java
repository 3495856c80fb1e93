package dev.rapport.feedback.messaging;

import dev.rapport.feedback.service.ClientErasure;
import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.messaging.EventBatches;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Erasure requests on the erasures topic (confirmations are skipped); idempotent on ce_id. */
@ApplicationScoped
public class ErasureRequests {

    static final String CONSUMER = "feedback.erasures";
    static final String DEAD_LETTER_TOPIC = "feedback-service.erasures-dlq";

    private final ClientErasure erasure;
    private final EventBatches batches;

    public ErasureRequests(ClientErasure erasure, EventBatches batches) {
        this.erasure = erasure;
        this.batches = batches;
    }

    @Incoming("erasures")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return batches.consume(CONSUMER, DEAD_LETTER_TOPIC, records, Erasures.REQUESTED::equals, Erasures.Requested::of, erasure::erase);
    }
}
