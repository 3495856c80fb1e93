package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.ClientErasure;
import dev.rapport.platform.messaging.DeadLetters;
import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.messaging.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Erasure requests on the erasures topic, in the service's consumer group: each is erased and
 * confirmed once in effect (idempotent on ce_id; confirmations are skipped). The counsellors'
 * views are published again once the batch has committed. Every instance also follows the whole
 * topic on its own ({@link ErasuresFeed}).
 */
@ApplicationScoped
public class ErasureRequests {

    public static final String CONSUMER = "analytics.erasures";
    public static final String DEAD_LETTER_TOPIC = "analytics-service.erasures-dlq";

    private final ClientErasure erasure;
    private final DeadLetters deadLetters;
    private final AllianceMetricsPublisher metrics;

    public ErasureRequests(ClientErasure erasure, DeadLetters deadLetters, AllianceMetricsPublisher metrics) {
        this.erasure = erasure;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming("erasures")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<ClientErasure.Delivery> batch = new ArrayList<>(records.count());
        List<DeadLetters.Poison> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                IncomingEvent event = IncomingEvent.read(record);
                if (Erasures.REQUESTED.equals(event.type())) {
                    batch.add(new ClientErasure.Delivery(event.id(), Erasures.Requested.of(event)));
                }
            } catch (IncomingEvent.PoisonEventException e) {
                poison.add(new DeadLetters.Poison(record, e.getMessage()));
            }
        }
        return deadLetters.send(DEAD_LETTER_TOPIC, poison)
                .chain(() -> erasure.consume(CONSUMER, batch))
                .invoke(counsellors -> metrics.changed(counsellors))
                .replaceWithVoid();
    }
}
