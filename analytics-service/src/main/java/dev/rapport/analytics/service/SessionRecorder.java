package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.persistence.DayRows;
import dev.rapport.analytics.persistence.FeedbackFacts;
import dev.rapport.analytics.persistence.SessionFacts;
import dev.rapport.analytics.persistence.SessionLocks;
import dev.rapport.platform.messaging.SessionEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A session event's effect: the session fact, and the day row of the day it ended, was
 * cancelled or was a no-show. Runs inside the consumer's transaction.
 */
@ApplicationScoped
public class SessionRecorder {

    private final SessionLocks locks;
    private final SessionFacts facts;
    private final FeedbackFacts feedback;
    private final DayRows days;

    public SessionRecorder(SessionLocks locks, SessionFacts facts, FeedbackFacts feedback, DayRows days) {
        this.locks = locks;
        this.facts = facts;
        this.feedback = feedback;
        this.days = days;
    }

    /** @param clientRef the pseudonymous reference; the client id itself is never stored */
    public Uni<Boolean> record(SessionEvent session, String clientRef) {
        return locks.lock(session.sessionId())
                .chain(() -> facts.record(session.sessionId(), session.counsellorId(), clientRef, session.status(), session.statusAt()))
                .chain(changed -> changed ? count(session).replaceWith(true) : Uni.createFrom().item(false));
    }

    private Uni<Void> count(SessionEvent session) {
        var day = DayTotals.dayOf(session.statusAt());
        return switch (session.status()) {
            case "ENDED" -> days.add(session.counsellorId(), day, DayTotals.sessionEnded())
                    // Feedback that arrived before the end counts now, on the day of the end.
                    .chain(() -> feedback.sessionHasFeedback(session.sessionId()))
                    .chain(has -> has ? days.add(session.counsellorId(), day, DayTotals.endedSessionWithFeedback()) : Uni.createFrom().voidItem());
            case "CANCELLED" -> days.add(session.counsellorId(), day, DayTotals.sessionCancelled());
            case "NO_SHOW" -> days.add(session.counsellorId(), day, DayTotals.noShow());
            default -> Uni.createFrom().voidItem();
        };
    }
}
