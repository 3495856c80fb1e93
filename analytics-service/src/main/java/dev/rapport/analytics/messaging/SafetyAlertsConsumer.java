package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.SafetyAlertRecorder;
import dev.rapport.platform.messaging.DeadLetters;
import dev.rapport.platform.messaging.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private final DeadLetters deadLetters;
    private final AllianceMetricsPublisher metrics;

    public SafetyAlertsConsumer(SafetyAlertRecorder recorder, DeadLetters deadLetters, AllianceMetricsPublisher metrics) {
        this.recorder = recorder;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** A failure other than an unreadable record (the database's) fails the batch: it is not acknowledged and is read again. */
    @Incoming("safety-alerts")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<SafetyAlertRecorder.Delivery> batch = new ArrayList<>();
        List<DeadLetters.Poison> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                SafetyAlertRecorder.Delivery.read(record).ifPresent(batch::add);
            } catch (IncomingEvent.PoisonEventException e) {
                poison.add(new DeadLetters.Poison(record, e.getMessage()));
            }
        }
        return deadLetters.send(DEAD_LETTER_TOPIC, poison)
                .chain(() -> recorder.consume(CONSUMER, batch))
                .invoke(counsellors -> metrics.changed(counsellors))
                .replaceWithVoid();
    }
}
