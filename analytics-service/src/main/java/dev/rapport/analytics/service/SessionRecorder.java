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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * A session event's effect: the session fact, and the day row of the day it ended, was
 * cancelled or was a no-show. Live, in the consumed batch's transaction ({@link #consume}); in a
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

    /** A readable session event as consumed; {@code clientRef} is the pseudonymous reference, never the client id. */
    public record Delivery(UUID eventId, SessionEvent session, String clientRef) {
    }

    /**
     * A consumed batch in one transaction: the rebuild gate once, every session's and
     * counsellor's lock up front (see {@link SessionLocks}), then each event once per
     * {@code eventId}, in the batch's order (an id repeated inside the batch is recognised too).
     * The caller learns of the commit when the Uni completes (the counsellors' views are
     * published after it).
     */
    @WithTransaction
    public Uni<Void> consume(String consumer, List<Delivery> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return gate.pass()
                .chain(() -> locks.lock(batch.stream().map(d -> d.session().sessionId()).toList(),
                        batch.stream().map(d -> d.session().counsellorId()).toList()))
                .chain(() -> Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(d -> processed.firstDelivery(consumer, d.eventId())
                                .chain(first -> first ? replay(d.session(), d.clientRef()) : Uni.createFrom().item(false)))
                        .collect().last())
                .replaceWithVoid();
    }

    /**
     * The effect without locks: live, the batch holds them already; a rebuild applies its batch
     * alone, one event after the other, to tables no live consumer writes.
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
