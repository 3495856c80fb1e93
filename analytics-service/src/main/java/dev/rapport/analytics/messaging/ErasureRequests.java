package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.ClientErasure;
import dev.rapport.platform.messaging.BatchConsumption;
import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.messaging.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
    private final BatchConsumption consumption;
    private final AllianceMetricsPublisher metrics;

    public ErasureRequests(ClientErasure erasure, BatchConsumption consumption, AllianceMetricsPublisher metrics) {
        this.erasure = erasure;
        this.consumption = consumption;
        this.metrics = metrics;
    }

    /** Retries, the one-by-one fallback and dead letters: {@link BatchConsumption}. */
    @Incoming("erasures")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        Set<UUID> counsellors = new LinkedHashSet<>();
        return consumption.consume(CONSUMER, DEAD_LETTER_TOPIC, records,
                        record -> {
                            IncomingEvent event = IncomingEvent.read(record);
                            return Erasures.REQUESTED.equals(event.type())
                                    ? Optional.of(new ClientErasure.Delivery(event.id(), Erasures.Requested.of(event)))
                                    : Optional.empty();
                        },
                        batch -> erasure.consume(CONSUMER, batch).invoke(counsellors::addAll).replaceWithVoid())
                .invoke(() -> metrics.changed(counsellors));
    }
}
