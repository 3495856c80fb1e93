package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.SessionRecorder;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.SessionEvent;
import dev.rapport.platform.privacy.Pseudonyms;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps analytics' knowledge of sessions; idempotent on ce_id, tolerant of order. The
 * transaction is the recorder's ({@link SessionRecorder#consume}): the counsellor's view is
 * published once the effect has committed.
 */
@ApplicationScoped
public class SessionEventsConsumer {

    public static final String CONSUMER = "analytics.session-events";

    private final SessionRecorder recorder;
    private final Pseudonyms pseudonyms;
    private final AllianceMetricsPublisher metrics;

    public SessionEventsConsumer(SessionRecorder recorder, Pseudonyms pseudonyms, AllianceMetricsPublisher metrics) {
        this.recorder = recorder;
        this.pseudonyms = pseudonyms;
        this.metrics = metrics;
    }

    @Incoming("session-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(record);
        SessionEvent session = SessionEvent.of(event);
        // Only the pseudonymous reference is stored, made with feedback-service's key so both match.
        return recorder.consume(CONSUMER, event.id(), session, pseudonyms.clientRef(session.clientId()))
                .invoke(() -> metrics.changed(session.counsellorId()))
                .replaceWithVoid();
    }
}
