package dev.rapport.session.messaging;

import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.outbox.OutgoingEvent;
import java.time.Instant;

/** The request to every service that holds a client's data to erase it (docs/privacy.md): keyed by the erasure. */
public record ErasureRequested(Erasures.Requested data) implements OutgoingEvent {

    @Override
    public String topic() {
        return Erasures.TOPIC;
    }

    @Override
    public String type() {
        return Erasures.REQUESTED;
    }

    @Override
    public String key() {
        return data.erasureId().toString();
    }

    @Override
    public String subject() {
        return data.erasureId().toString();
    }

    @Override
    public Instant occurredAt() {
        return data.requestedAt();
    }
}
