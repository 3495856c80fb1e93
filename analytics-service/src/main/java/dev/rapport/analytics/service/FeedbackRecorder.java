package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.ClientContributions;
import dev.rapport.analytics.domain.ClientState;
import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.domain.HistoryBatch;
import dev.rapport.analytics.domain.HistoryKey;
import dev.rapport.analytics.domain.Rupture;
import dev.rapport.analytics.domain.RuptureDetector;
import dev.rapport.analytics.events.Alerts;
import dev.rapport.analytics.events.FeedbackSubmitted;
import dev.rapport.analytics.persistence.ClientFigureDays;
import dev.rapport.analytics.persistence.ClientHistories;
import dev.rapport.analytics.persistence.CounsellorViewRows;
import dev.rapport.analytics.persistence.DayRows;
import dev.rapport.analytics.persistence.FeedbackFacts;
import dev.rapport.analytics.persistence.SessionFacts;
import dev.rapport.analytics.persistence.SessionLocks;
import dev.rapport.platform.messaging.IncomingEvent;
import dev.rapport.platform.messaging.ProcessedEvents;
import dev.rapport.platform.outbox.Outbox;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A submitted form's effect, inside the consumer's transaction: the fact, its day-row
 * contributions, the session's "ended with feedback", ruptures and repairs, and rupture alerts in
 * the outbox. Live in the consumed batch's transaction ({@link #consume}); in a rebuild in the
 * batch's transaction on the shadow tables, its alerts held back ({@link #replay}). A form never
 * raises a safety alert here: that is feedback-service's ({@link SafetyAlertRecorder}).
 */
@ApplicationScoped
public class FeedbackRecorder {

    static final String ALLIANCE = DayTotals.ALLIANCE;
    static final String OUTCOME = "outcome";

    private final ProcessedEvents processed;
    private final SessionLocks locks;
    private final FeedbackFacts facts;
    private final SessionFacts sessions;
    private final DayRows days;
    private final HistoryBatch batch;
    private final Outbox outbox;
    private final ErasedClients erased;
    private final CounsellorViewRows views;
    private final ClientHistories states;
    private final ClientFigureDays figures;
    private final ClientFigureBackfill backfill;

    public FeedbackRecorder(ProcessedEvents processed, SessionLocks locks, FeedbackFacts facts,
                            SessionFacts sessions, DayRows days, RuptureDetector detector, Outbox outbox, ErasedClients erased,
                            CounsellorViewRows views, ClientHistories states, ClientFigureDays figures,
                            ClientFigureBackfill backfill) {
        this.processed = processed;
        this.locks = locks;
        this.facts = facts;
        this.sessions = sessions;
        this.days = days;
        this.batch = new HistoryBatch(detector);
        this.outbox = outbox;
        this.erased = erased;
        this.views = views;
        this.states = states;
        this.figures = figures;
        this.backfill = backfill;
    }

    /**
     * A readable feedback event as consumed.
     *
     * @param trace the record's span, current while the consumer reads it (BatchConsumption): the
     *              alerts the form raises join the feedback's trace
     */
    public record Delivery(UUID eventId, FeedbackSubmitted form, Context trace) {

        /**
         * A feedback-events record as consumed, live or in a rebuild.
         *
         * @throws IncomingEvent.PoisonEventException when the record cannot be read
         */
        public static Delivery read(ConsumerRecord<String, String> record) {
            IncomingEvent event = IncomingEvent.read(record);
            return new Delivery(event.id(), FeedbackSubmitted.of(event), Context.current());
        }
    }

    /**
     * A consumed batch in one transaction: the rebuild gate passed and every session's and
     * counsellor's lock taken up front, in one statement ({@link SessionLocks}), then the forms
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
                .chain(backfill::ready)
                .chain(() -> locks.passAndLock(batch.stream().map(d -> d.form().sessionId()).toList(),
                        batch.stream().map(d -> d.form().counsellorId()).toList()))
                .chain(() -> processed.firstDeliveries(consumer, batch, Delivery::eventId))
                .chain(first -> replay(first, (delivery, type, alert) -> toOutbox(delivery, type, alert)))
                .chain(() -> views.touch(batch.stream().map(d -> d.form().counsellorId()).collect(Collectors.toSet())));
    }

    /**
     * The batch's effect without locks (live, the batch holds them already; a rebuild applies its
     * batch alone, to tables no live consumer writes), its alerts to {@code alerts}. The same as
     * recording the forms one after the other, in a handful of statements: a form stored already
     * (the same feedback under another event id, or earlier in the batch) changes nothing, nor
     * does a form of an erased client ({@link ErasedClients}).
     */
    public Uni<Void> replay(List<Delivery> batch, AlertSink alerts) {
        Map<UUID, Delivery> byFeedback = new LinkedHashMap<>();
        batch.stream().filter(d -> !erased.contains(d.form().clientRef()))
                .forEach(d -> byFeedback.putIfAbsent(d.form().feedbackId(), d));
        List<FeedbackFacts.Fact> rows = byFeedback.values().stream().map(d -> fact(d.form())).toList();
        return facts.insert(rows).chain(inserted -> {
            List<Delivery> stored = byFeedback.values().stream().filter(d -> inserted.contains(d.form().feedbackId())).toList();
            if (stored.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            DayRows.Deltas deltas = new DayRows.Deltas();
            stored.forEach(d -> scores(d.form(), deltas));
            return sessionsWithFeedback(stored, deltas)
                    .chain(() -> histories(stored, deltas))
                    .chain(effect -> clientFigures(effect.states())
                            .chain(clientDeltas -> states.store(effect.states()).chain(() -> figures.add(clientDeltas)))
                            .chain(() -> days.add(deltas))
                            .chain(() -> raise(stored, effect.raised(), alerts)));
        });
    }

    private static FeedbackFacts.Fact fact(FeedbackSubmitted form) {
        return new FeedbackFacts.Fact(form.feedbackId(), form.sessionId(), form.counsellorId(), form.clientRef(),
                form.instrumentId(), form.construct(), form.total(), form.normalized(), form.normalizedSubscales(), form.scorable(),
                form.isConcern(), form.rules(), form.submittedAt());
    }

    private static void scores(FeedbackSubmitted form, DayRows.Deltas deltas) {
        deltas.add(form.counsellorId(), DayTotals.dayOf(form.submittedAt()), DayTotals.feedback(form.construct(),
                form.submittedAt(), form.normalized(), form.normalizedSubscales(), form.scorable()));
    }

    /**
     * A session's first feedback, if the session has ended: +1 on the day of the end (else the
     * end adds it). First means no form of the session was stored before this batch: all the
     * session's stored forms are this batch's.
     */
    private Uni<Void> sessionsWithFeedback(List<Delivery> stored, DayRows.Deltas deltas) {
        Map<UUID, Long> storedNow = new HashMap<>();
        stored.forEach(d -> storedNow.merge(d.form().sessionId(), 1L, Long::sum));
        return sessions.ended(storedNow.keySet())
                .invoke(ended -> ended.forEach((session, e) -> {
                    if (e.forms() == storedNow.get(session)) {
                        deltas.add(e.counsellorId(), DayTotals.dayOf(e.endedAt()), DayTotals.endedSessionWithFeedback());
                    }
                }))
                .replaceWithVoid();
    }

    /**
     * The batch's effect on the histories it adds to ({@link HistoryBatch}, a pure function of the
     * histories after the batch): rupture and repair contributions into {@code deltas}; returns the
     * alerts and each history's state after the batch.
     */
    private Uni<HistoryBatch.Effect> histories(List<Delivery> stored, DayRows.Deltas deltas) {
        List<HistoryBatch.Added> added = stored.stream().map(Delivery::form)
                .filter(form -> form.scorable() && (ALLIANCE.equals(form.construct()) || OUTCOME.equals(form.construct())))
                .map(form -> new HistoryBatch.Added(new HistoryKey(form.counsellorId(), form.clientRef(), form.instrumentId()),
                        ALLIANCE.equals(form.construct()), form.feedbackId()))
                .toList();
        return facts.historiesOf(added.stream().map(HistoryBatch.Added::history).collect(Collectors.toSet())).map(histories -> {
            HistoryBatch.Effect effect = batch.of(added, histories);
            effect.dayRows().forEach(c -> deltas.add(c.counsellorId(), c.day(), c.totals()));
            return effect;
        });
    }

    /**
     * What the batch changes in its clients' parts of the figures read from states
     * ({@link ClientContributions}): each touched client's state before the batch (one statement,
     * all their instruments) and after it.
     */
    private Uni<ClientFigureDays.Deltas> clientFigures(List<HistoryBatch.StateAfter> after) {
        Map<ClientHistories.Pair, List<HistoryBatch.StateAfter>> byClient = new LinkedHashMap<>();
        after.forEach(a -> byClient.computeIfAbsent(new ClientHistories.Pair(a.history().counsellorId(), a.history().clientRef()),
                pair -> new ArrayList<>()).add(a));
        return states.ofClients(byClient.keySet()).map(before -> {
            ClientFigureDays.Deltas deltas = new ClientFigureDays.Deltas();
            byClient.forEach((pair, changed) -> {
                ClientState was = before.get(pair);
                ClientState is = was == null ? ClientState.none(pair.clientRef()) : was;
                for (HistoryBatch.StateAfter a : changed) {
                    is = is.with(a.history().instrumentId(), a.alliance(), a.state());
                }
                deltas.add(pair.counsellorId(), ClientContributions.change(was, is));
            });
            return deltas;
        });
    }

    /**
     * The batch's rupture alerts in its order. Raised through a Multi, not a chain of Unis: a
     * batch may raise hundreds, and an outbox add completes at once, so a chain would nest that
     * deep on the stack.
     */
    private static Uni<Void> raise(List<Delivery> stored, List<HistoryBatch.Raised> raised, AlertSink alerts) {
        record Raise(Delivery delivery, String type, Alerts.Raisable alert) {}
        Map<UUID, List<HistoryBatch.Raised>> byForm = new HashMap<>();
        raised.forEach(r -> byForm.computeIfAbsent(r.feedbackId(), id -> new ArrayList<>()).add(r));
        List<Raise> raises = new ArrayList<>();
        for (Delivery d : stored) {
            for (HistoryBatch.Raised r : byForm.getOrDefault(d.form().feedbackId(), List.of())) {
                if (r instanceof HistoryBatch.RuptureOpened opened) {
                    raises.add(new Raise(d, Alerts.RUPTURE, alert(d.form(), opened.episode())));
                } else if (r instanceof HistoryBatch.Deteriorated worse) {
                    raises.add(new Raise(d, Alerts.DETERIORATION,
                            Alerts.Deterioration.of(worse.history().counsellorId(), worse.history().clientRef(), worse.change())));
                }
            }
        }
        if (raises.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(raises)
                .onItem().transformToUniAndConcatenate(r -> alerts.raise(r.delivery(), r.type(), r.alert()))
                .collect().last()
                .replaceWithVoid();
    }

    private static Alerts.Alert alert(FeedbackSubmitted form, Rupture episode) {
        return new Alerts.Alert(form.counsellorId(), form.clientRef(), form.instrumentId(), form.feedbackId(),
                new Alerts.Scores(form.total(), form.normalized(), episode.scoreBefore()),
                episode.causes().stream().map(Enum::name).sorted().toList(), form.submittedAt());
    }

    private Uni<Void> toOutbox(Delivery delivery, String type, Alerts.Raisable alert) {
        return outbox.add(Alerts.raised(type, alert), delivery.trace()).replaceWithVoid();
    }
}
