package dev.rapport.session.messaging;

import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.messaging.EventBatches;
import dev.rapport.session.service.ErasureService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The erasing services' confirmations on the erasures topic (requests, this service's own, are skipped). */
@ApplicationScoped
public class ErasureConfirmations {

    static final String CONSUMER = "session.erasures";
    static final String DEAD_LETTER_TOPIC = "session-service.erasures-dlq";

    private final ErasureService erasures;
    private final EventBatches batches;

    public ErasureConfirmations(ErasureService erasures, EventBatches batches) {
        this.erasures = erasures;
        this.batches = batches;
    }

    @Incoming("erasures")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return batches.consume(CONSUMER, DEAD_LETTER_TOPIC, records, Erasures.COMPLETED::equals, Erasures.Completed::of,
                erasures::confirmed);
    }
}
