package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.FeedbackRecorder;
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
 * Keeps analytics' knowledge of submitted feedback; idempotent on ce_id, tolerant of order (a
 * feedback may arrive before its session's end). Consumes a batch at a time (what one poll
 * returned) in one transaction, the recorder's ({@link FeedbackRecorder#consume}); a record it
 * cannot read goes to the dead-letter topic {@value #DEAD_LETTER_TOPIC} and the rest of the
 * batch is applied. The counsellors' views are published once the batch has committed, never
 * before.
 */
@ApplicationScoped
public class FeedbackEventsConsumer {

    public static final String CONSUMER = "analytics.feedback-events";
    public static final String DEAD_LETTER_TOPIC = "analytics-service.feedback-events-dlq";

    private final FeedbackRecorder recorder;
    private final BatchConsumption consumption;
    private final AllianceMetricsPublisher metrics;

    public FeedbackEventsConsumer(FeedbackRecorder recorder, BatchConsumption consumption, AllianceMetricsPublisher metrics) {
        this.recorder = recorder;
        this.consumption = consumption;
        this.metrics = metrics;
    }

    /** Retries, the one-by-one fallback and dead letters: {@link BatchConsumption}. */
    @Incoming("feedback-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        Set<UUID> counsellors = new LinkedHashSet<>();
        return consumption.consume(CONSUMER, DEAD_LETTER_TOPIC, records,
                        record -> {
                            FeedbackRecorder.Delivery delivery = FeedbackRecorder.Delivery.read(record);
                            counsellors.add(delivery.form().counsellorId());
                            return Optional.of(delivery);
                        },
                        batch -> recorder.consume(CONSUMER, batch))
                .invoke(() -> metrics.changed(counsellors));
    }
}
