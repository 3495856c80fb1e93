package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.FeedbackRecorder;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.ProcessedEvents;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps analytics' knowledge of submitted feedback; idempotent on ce_id, tolerant of order (a
 * feedback may arrive before its session's end). A record it cannot read goes to the
 * dead-letter topic analytics-service.feedback-events-dlq and the next one is processed.
 */
@ApplicationScoped
public class FeedbackEventsConsumer {

    static final String CONSUMER = "analytics.feedback-events";

    private final ProcessedEvents processed;
    private final FeedbackRecorder recorder;

    public FeedbackEventsConsumer(ProcessedEvents processed, FeedbackRecorder recorder) {
        this.processed = processed;
        this.recorder = recorder;
    }

    @Incoming("feedback-events")
    @WithTransaction
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(record);
        FeedbackSubmitted feedback = FeedbackSubmitted.of(event);
        return processed.firstDelivery(CONSUMER, event.id()).chain(first -> first
                ? recorder.record(feedback).replaceWithVoid()
                : Uni.createFrom().voidItem());
    }
}
