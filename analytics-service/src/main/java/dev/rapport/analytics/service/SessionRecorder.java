package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.persistence.CounsellorViewRows;
import dev.rapport.analytics.persistence.DayRows;
import dev.rapport.analytics.persistence.FeedbackFacts;
import dev.rapport.analytics.persistence.SessionFacts;
import dev.rapport.analytics.persistence.SessionLocks;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.ProcessedEvents;
import dev.rapport.platform.messaging.SessionEvent;
import dev.rapport.platform.messaging.SessionRank;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A session event's effect: the session fact, and the day row of the day it ended, was
 * cancelled or was a no-show. Live, in the consumed batch's transaction ({@link #consume}); in a
 * rebuild, in the batch's transaction on the shadow tables ({@link #replay}).
 */
@ApplicationScoped
public class SessionRecorder {

    private final ProcessedEvents processed;
    private final SessionLocks locks;
    private final SessionFacts facts;
    private final FeedbackFacts feedback;
    private final DayRows days;
    private final ErasedClients erased;
    private final CounsellorViewRows views;

    public SessionRecorder(ProcessedEvents processed, SessionLocks locks, SessionFacts facts,
                           FeedbackFacts feedback, DayRows days, ErasedClients erased,
                           CounsellorViewRows views) {
        this.processed = processed;
        this.locks = locks;
        this.facts = facts;
        this.feedback = feedback;
        this.days = days;
        this.erased = erased;
        this.views = views;
    }

    /** A readable session event as consumed; {@code clientRef} is the pseudonymous reference, never the client id. */
    public record Delivery(UUID eventId, SessionEvent session, String clientRef) {

        /**
         * A session-events record as consumed, live or in a rebuild. The event names the client by
         * session-service's reference only; analytics holds no key that could make or undo one.
         *
         * @throws IncomingEvent.PoisonEventException when the record cannot be read
         */
        public static Delivery read(ConsumerRecord<String, String> record) {
            IncomingEvent event = IncomingEvent.read(record);
            SessionEvent session = SessionEvent.of(event);
            return new Delivery(event.id(), session, session.clientRef());
        }
    }

    /**
     * A consumed batch in one transaction: the rebuild gate passed and every session's and
     * counsellor's lock taken up front, in one statement ({@link SessionLocks}), then the events
     * delivered for the first time (once per {@code eventId}, also when an id repeats inside the
     * batch). The caller learns of the commit when the Uni completes (the counsellors' views are
     * published after it).
     */
    @WithTransaction
    public Uni<Void> consume(String consumer, List<Delivery> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return erased.ready()
                .chain(() -> locks.passAndLock(batch.stream().map(d -> d.session().sessionId()).toList(),
                        batch.stream().map(d -> d.session().counsellorId()).toList()))
                .chain(() -> processed.firstDeliveries(consumer, batch, Delivery::eventId))
                .chain(this::replay)
                .chain(() -> views.touch(batch.stream().map(d -> d.session().counsellorId()).collect(Collectors.toSet())));
    }

    /**
     * The batch's effect without locks: live, the batch holds them already; a rebuild applies its
     * batch alone, to tables no live consumer writes. The same as applying the events one after
     * the other, in a handful of statements: per session only the event latest in its life counts
     * (a status never moves back, so the earlier ones of the batch would be replaced by it). The
     * events of erased clients are dropped ({@link ErasedClients}).
     */
    public Uni<Void> replay(List<Delivery> batch) {
        List<Delivery> kept = batch.stream().filter(d -> !erased.contains(d.clientRef())).toList();
        Collection<Delivery> latest = SessionRank.latestPerSession(kept, d -> d.session().sessionId(), d -> d.session().status());
        List<SessionFacts.Fact> rows = latest.stream().map(d -> new SessionFacts.Fact(d.session().sessionId(),
                d.session().counsellorId(), d.clientRef(), d.session().status(), d.session().statusAt())).toList();
        return facts.record(rows).chain(changed -> {
            List<SessionEvent> counted = latest.stream()
                    .filter(d -> changed.contains(d.session().sessionId()))
                    .map(Delivery::session)
                    .toList();
            List<UUID> ended = counted.stream().filter(e -> "ENDED".equals(e.status())).map(SessionEvent::sessionId).toList();
            // Feedback that arrived before the end counts now, on the day of the end.
            return feedback.countPerSession(ended).chain(withFeedback -> days.add(count(counted, withFeedback.keySet())));
        });
    }

    private static DayRows.Deltas count(List<SessionEvent> counted, Set<UUID> withFeedback) {
        DayRows.Deltas deltas = new DayRows.Deltas();
        for (SessionEvent session : counted) {
            var day = DayTotals.dayOf(session.statusAt());
            switch (session.status()) {
                case "ENDED" -> {
                    deltas.add(session.counsellorId(), day, DayTotals.sessionEnded());
                    if (withFeedback.contains(session.sessionId())) {
                        deltas.add(session.counsellorId(), day, DayTotals.endedSessionWithFeedback());
                    }
                }
                case "CANCELLED" -> deltas.add(session.counsellorId(), day, DayTotals.sessionCancelled());
                case "NO_SHOW" -> deltas.add(session.counsellorId(), day, DayTotals.noShow());
                default -> { }
            }
        }
        return deltas;
    }
}
