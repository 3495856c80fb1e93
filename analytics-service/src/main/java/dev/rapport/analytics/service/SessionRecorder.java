package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.persistence.DayRows;
import dev.rapport.analytics.persistence.FeedbackFacts;
import dev.rapport.analytics.persistence.RebuildGate;
import dev.rapport.analytics.persistence.SessionFacts;
import dev.rapport.analytics.persistence.SessionLocks;
import dev.rapport.platform.messaging.ProcessedEvents;
import dev.rapport.platform.messaging.SessionEvent;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * A session event's effect: the session fact, and the day row of the day it ended, was
 * cancelled or was a no-show. Live, in the consumer's transaction ({@link #consume}); in a
 * rebuild, in the batch's transaction on the shadow tables ({@link #replay}).
 */
@ApplicationScoped
public class SessionRecorder {

    private final RebuildGate gate;
    private final ProcessedEvents processed;
    private final SessionLocks locks;
    private final SessionFacts facts;
    private final FeedbackFacts feedback;
    private final DayRows days;

    public SessionRecorder(RebuildGate gate, ProcessedEvents processed, SessionLocks locks, SessionFacts facts,
                           FeedbackFacts feedback, DayRows days) {
        this.gate = gate;
        this.processed = processed;
        this.locks = locks;
        this.facts = facts;
        this.feedback = feedback;
        this.days = days;
    }

    /**
     * A consumed event, once per {@code eventId}, in one transaction. The caller learns of the
     * commit when the Uni completes (the counsellor's view is published after it).
     *
     * @param clientRef the pseudonymous reference; the client id itself is never stored
     */
    @WithTransaction
    public Uni<Boolean> consume(String consumer, UUID eventId, SessionEvent session, String clientRef) {
        return gate.pass()
                .chain(() -> processed.firstDelivery(consumer, eventId))
                .chain(first -> first ? record(session, clientRef) : Uni.createFrom().item(false));
    }

    /** @param clientRef the pseudonymous reference; the client id itself is never stored */
    public Uni<Boolean> record(SessionEvent session, String clientRef) {
        return locks.lock(session.sessionId()).chain(() -> replay(session, clientRef));
    }

    /**
     * The effect without the session lock: a rebuild applies its batch alone, one event after
     * the other, to tables no live consumer writes (and a batch's thousand locks would not fit
     * PostgreSQL's lock table).
     */
    public Uni<Boolean> replay(SessionEvent session, String clientRef) {
        return facts.record(session.sessionId(), session.counsellorId(), clientRef, session.status(), session.statusAt())
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
