package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.SessionRecorder;
import dev.rapport.platform.messaging.DeadLetters;
import dev.rapport.platform.messaging.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private final DeadLetters deadLetters;
    private final AllianceMetricsPublisher metrics;

    public SessionEventsConsumer(SessionRecorder recorder, DeadLetters deadLetters,
                                 AllianceMetricsPublisher metrics) {
        this.recorder = recorder;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** A failure other than an unreadable record (the database's) fails the batch: it is not acknowledged and is read again. */
    @Incoming("session-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<SessionRecorder.Delivery> batch = new ArrayList<>(records.count());
        List<DeadLetters.Poison> poison = new ArrayList<>();
        Set<UUID> counsellors = new LinkedHashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                SessionRecorder.Delivery delivery = SessionRecorder.Delivery.read(record);
                batch.add(delivery);
                counsellors.add(delivery.session().counsellorId());
            } catch (IncomingEvent.PoisonEventException e) {
                poison.add(new DeadLetters.Poison(record, e.getMessage()));
            }
        }
        return deadLetters.send(DEAD_LETTER_TOPIC, poison)
                .chain(() -> recorder.consume(CONSUMER, batch))
                .invoke(() -> metrics.changed(counsellors));
    }
}
