package dev.rapport.platform.messaging;

import dev.rapport.platform.outbox.OutgoingEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The contract of the erasures topic (docs/privacy.md): session-service asks every service that
 * holds a client's data to erase it, each answers when it has. Record key and ce_subject: the
 * erasure id. The client appears as the reference only, and the topic is kept for good: it is how
 * a rebuild knows which references to leave out, without any service keeping a list of them.
 */
public final class Erasures {

    public static final String TOPIC = "erasures";
    public static final String REQUESTED = "rapport.client.erasure.requested.v1";
    public static final String COMPLETED = "rapport.client.erasure.completed.v1";

    private Erasures() {}

    public record Requested(UUID erasureId, String clientRef, Instant requestedAt) {

        /** The request in a record, or poison when a field every eraser relies on is missing. */
        public static Requested of(IncomingEvent event) {
            Requested requested = event.data(Requested.class);
            if (requested.erasureId == null || requested.clientRef == null || !requested.clientRef.matches("[0-9a-f]{32}")) {
                throw new IncomingEvent.PoisonEventException(event.type() + " lacks erasureId or a clientRef of 32 hex characters");
            }
            return requested;
        }
    }

    public record Completed(UUID erasureId, String service, Instant completedAt) {

        public static Completed of(IncomingEvent event) {
            Completed completed = event.data(Completed.class);
            if (completed.erasureId == null || completed.service == null) {
                throw new IncomingEvent.PoisonEventException(event.type() + " lacks erasureId or service");
            }
            return completed;
        }
    }

    /** The request to every service that holds a client's data to erase it: keyed by the erasure. */
    public static OutgoingEvent requested(Requested data) {
        String erasure = data.erasureId().toString();
        return new OutgoingEvent(TOPIC, REQUESTED, erasure, erasure, data, data.requestedAt());
    }

    /** A service's answer to an erasure request, once it has erased what it held of the client: keyed by the erasure. */
    public static OutgoingEvent completed(Requested request, String service, Instant completedAt) {
        return completed(new Completed(request.erasureId(), service, completedAt));
    }

    public static OutgoingEvent completed(Completed data) {
        String erasure = data.erasureId().toString();
        return new OutgoingEvent(TOPIC, COMPLETED, erasure, erasure, data, data.completedAt());
    }
}
