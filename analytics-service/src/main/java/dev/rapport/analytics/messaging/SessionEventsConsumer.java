package dev.rapport.analytics.messaging;

import dev.rapport.analytics.service.SessionRecorder;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.ProcessedEvents;
import dev.rapport.platform.messaging.SessionEvent;
import dev.rapport.platform.privacy.Pseudonyms;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps analytics' knowledge of sessions; idempotent on ce_id, tolerant of order. */
@ApplicationScoped
public class SessionEventsConsumer {

    static final String CONSUMER = "analytics.session-events";

    private final ProcessedEvents processed;
    private final SessionRecorder recorder;
    private final Pseudonyms pseudonyms;

    public SessionEventsConsumer(ProcessedEvents processed, SessionRecorder recorder, Pseudonyms pseudonyms) {
        this.processed = processed;
        this.recorder = recorder;
        this.pseudonyms = pseudonyms;
    }

    @Incoming("session-events")
    @WithTransaction
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(record);
        SessionEvent session = SessionEvent.of(event);
        return processed.firstDelivery(CONSUMER, event.id()).chain(first -> first
                // Only the pseudonymous reference is stored, made with feedback-service's key so both match.
                ? recorder.record(session, pseudonyms.clientRef(session.clientId())).replaceWithVoid()
                : Uni.createFrom().voidItem());
    }
}
