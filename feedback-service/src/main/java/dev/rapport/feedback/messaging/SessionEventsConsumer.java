package dev.rapport.feedback.messaging;

import dev.rapport.feedback.persistence.SessionProjection;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.ProcessedEvents;
import dev.rapport.platform.messaging.SessionEvent;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the session projection; idempotent on ce_id, tolerant of order, poison to the dead-letter topic. */
@ApplicationScoped
public class SessionEventsConsumer {

    static final String CONSUMER = "feedback.session-events";

    private final ProcessedEvents processed;

    public SessionEventsConsumer(ProcessedEvents processed) {
        this.processed = processed;
    }

    @Incoming("session-events")
    @WithTransaction
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(record);
        SessionEvent session = SessionEvent.of(event);
        return processed.firstDelivery(CONSUMER, event.id()).chain(first -> first
                ? SessionProjection.record(session.sessionId(), session.counsellorId(), session.clientId(), session.status(), session.endedAt())
                : Uni.createFrom().voidItem());
    }
}
