package dev.rapport.session.domain;

import static dev.rapport.session.domain.SessionStatus.CANCELLED;
import static dev.rapport.session.domain.SessionStatus.ENDED;
import static dev.rapport.session.domain.SessionStatus.IN_PROGRESS;
import static dev.rapport.session.domain.SessionStatus.NO_SHOW;
import static dev.rapport.session.domain.SessionStatus.SCHEDULED;

/** The session state machine: each change names the one state it may start from. */
public enum Transition {
    START(SCHEDULED, IN_PROGRESS, "started", false),
    END(IN_PROGRESS, ENDED, "ended", false),
    CANCEL(SCHEDULED, CANCELLED, "cancelled", true),
    NO_SHOW(SCHEDULED, SessionStatus.NO_SHOW, "no-show", false);

    private final SessionStatus from;
    private final SessionStatus to;
    private final String verb;
    private final boolean clientMay;

    Transition(SessionStatus from, SessionStatus to, String verb, boolean clientMay) {
        this.from = from;
        this.to = to;
        this.verb = verb;
        this.clientMay = clientMay;
    }

    /** The state after this change; refuses a change that the state machine does not allow. */
    public SessionStatus from(SessionStatus current) {
        if (current != from) {
            throw new IllegalTransitionException(this, current);
        }
        return to;
    }

    /** The CloudEvent type announcing this change. */
    public String eventType() {
        return SessionEvents.type(verb);
    }

    /** Whether the session's client (not only its counsellor) may make this change. */
    public boolean clientMay() {
        return clientMay;
    }

    public String verb() {
        return verb;
    }
}
