package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.FeedbackRecorder;
import dev.rapport.platform.messaging.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps analytics' knowledge of submitted feedback; idempotent on ce_id, tolerant of order (a
 * feedback may arrive before its session's end). A record it cannot read goes to the
 * dead-letter topic analytics-service.feedback-events-dlq and the next one is processed.
 *
 * <p>The transaction is the recorder's ({@link FeedbackRecorder#consume}), not this method's:
 * the counsellor's view is published once the effect has committed, never before.
 */
@ApplicationScoped
public class FeedbackEventsConsumer {

    public static final String CONSUMER = "analytics.feedback-events";

    private final FeedbackRecorder recorder;
    private final AllianceMetricsPublisher metrics;

    public FeedbackEventsConsumer(FeedbackRecorder recorder, AllianceMetricsPublisher metrics) {
        this.recorder = recorder;
        this.metrics = metrics;
    }

    @Incoming("feedback-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(record);
        FeedbackSubmitted feedback = FeedbackSubmitted.of(event);
        return recorder.consume(CONSUMER, event.id(), feedback)
                .invoke(() -> metrics.changed(feedback.counsellorId()))
                .replaceWithVoid();
    }
}
