package dev.rapport.analytics.messaging;

import dev.rapport.analytics.events.SafetyAlertChanged;
import dev.rapport.analytics.service.SafetyAlertRecorder;
import dev.rapport.platform.messaging.BatchConsumption;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps analytics' knowledge of feedback-service's safety alerts from the topic alerts
 * ({@link SafetyAlertChanged}); idempotent on ce_id, tolerant of order (each event carries the
 * alert's whole state). Other alerts on the topic (analytics' own rupture alerts) are skipped, not
 * dead-lettered. Consumes a batch at a time in one transaction, the recorder's
 * ({@link SafetyAlertRecorder#consume}); a record it cannot read goes to the dead-letter topic
 * {@value #DEAD_LETTER_TOPIC} and the rest of the batch is applied. Once the batch has committed,
 * the view of every counsellor who sees a changed alert is published again.
 */
@ApplicationScoped
public class SafetyAlertsConsumer {

    public static final String CONSUMER = "analytics.safety-alerts";
    public static final String DEAD_LETTER_TOPIC = "analytics-service.alerts-dlq";

    private final SafetyAlertRecorder recorder;
    private final BatchConsumption consumption;
    private final AllianceMetricsPublisher metrics;

    public SafetyAlertsConsumer(SafetyAlertRecorder recorder, BatchConsumption consumption, AllianceMetricsPublisher metrics) {
        this.recorder = recorder;
        this.consumption = consumption;
        this.metrics = metrics;
    }

    /** Retries, the one-by-one fallback and dead letters: {@link BatchConsumption}. */
    @Incoming("safety-alerts")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        Set<UUID> counsellors = new LinkedHashSet<>();
        return consumption.consume(CONSUMER, DEAD_LETTER_TOPIC, records, SafetyAlertRecorder.Delivery::read,
                        batch -> recorder.consume(CONSUMER, batch).invoke(counsellors::addAll).replaceWithVoid())
                .invoke(() -> metrics.changed(counsellors));
    }
}
