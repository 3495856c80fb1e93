package dev.rapport.session.messaging;

import dev.rapport.platform.outbox.OutgoingEvent;
import dev.rapport.session.domain.SessionEvents;
import java.time.Instant;

/**
 * A session's change on session-events (rapport.session.&lt;verb&gt;.v1): keyed by the counsellor,
 * so that one counsellor's events keep their order; the subject is the session.
 */
public record SessionChanged(String type, SessionEventData data) implements OutgoingEvent {

    public SessionChanged {
        if (!SessionEvents.isType(type)) {
            throw new IllegalArgumentException("not a session-events type: " + type);
        }
    }

    @Override
    public String topic() {
        return SessionEvents.TOPIC;
    }

    @Override
    public String key() {
        return data.counsellorId().toString();
    }

    @Override
    public String subject() {
        return data.sessionId().toString();
    }

    @Override
    public Instant occurredAt() {
        return data.occurredAt();
    }
}
