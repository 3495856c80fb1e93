package dev.rapport.session.events;

import dev.rapport.platform.outbox.OutgoingEvent;
import dev.rapport.session.domain.SessionEvents;

/**
 * A session's change on session-events (rapport.session.&lt;verb&gt;.v1): keyed by the counsellor,
 * so that one counsellor's events keep their order; the subject is the session.
 */
public final class SessionChanged {

    private SessionChanged() {}

    public static OutgoingEvent of(String type, SessionEventData data) {
        if (!SessionEvents.isType(type)) {
            throw new IllegalArgumentException("not a session-events type: " + type);
        }
        return new OutgoingEvent(SessionEvents.TOPIC, type, data.counsellorId().toString(), data.sessionId().toString(), data,
                data.occurredAt());
    }
}
