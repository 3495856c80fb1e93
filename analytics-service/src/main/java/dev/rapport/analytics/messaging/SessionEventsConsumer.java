package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.SessionRecorder;
import dev.rapport.platform.messaging.BatchConsumption;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps analytics' knowledge of sessions; idempotent on ce_id, tolerant of order. Consumes a
 * batch at a time (what one poll returned) in one transaction, the recorder's
 * ({@link SessionRecorder#consume}); a record it cannot read goes to the dead-letter topic
 * {@value #DEAD_LETTER_TOPIC} and the rest of the batch is applied. The counsellors' views are
 * published once the batch has committed.
 */
@ApplicationScoped
public class SessionEventsConsumer {

    public static final String CONSUMER = "analytics.session-events";
    public static final String DEAD_LETTER_TOPIC = "analytics-service.session-events-dlq";

    private final SessionRecorder recorder;
    private final BatchConsumption consumption;
    private final AllianceMetricsPublisher metrics;

    public SessionEventsConsumer(SessionRecorder recorder, BatchConsumption consumption,
                                 AllianceMetricsPublisher metrics) {
        this.recorder = recorder;
        this.consumption = consumption;
        this.metrics = metrics;
    }

    /** Retries, the one-by-one fallback and dead letters: {@link BatchConsumption}. */
    @Incoming("session-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        Set<UUID> counsellors = new LinkedHashSet<>();
        return consumption.consume(CONSUMER, DEAD_LETTER_TOPIC, records,
                        record -> {
                            SessionRecorder.Delivery delivery = SessionRecorder.Delivery.read(record);
                            counsellors.add(delivery.session().counsellorId());
                            return Optional.of(delivery);
                        },
                        batch -> recorder.consume(CONSUMER, batch))
                .invoke(() -> metrics.changed(counsellors));
    }
}
