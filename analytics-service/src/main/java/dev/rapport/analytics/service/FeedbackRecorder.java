package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.domain.FeedbackScore;
import dev.rapport.analytics.domain.HistoryState;
import dev.rapport.analytics.domain.OutcomeChange;
import dev.rapport.analytics.domain.Outcomes;
import dev.rapport.analytics.domain.Rupture;
import dev.rapport.analytics.domain.RuptureChanges;
import dev.rapport.analytics.domain.RuptureDetector;
import dev.rapport.analytics.domain.RuptureHistory;
import dev.rapport.analytics.events.Alerts;
import dev.rapport.analytics.events.FeedbackSubmitted;
import dev.rapport.analytics.persistence.ClientHistories;
import dev.rapport.analytics.persistence.CounsellorViewRows;
import dev.rapport.analytics.persistence.DayRows;
import dev.rapport.analytics.persistence.FeedbackFacts;
import dev.rapport.analytics.persistence.RebuildGate;
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
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** An alert to raise: its ce_type and its data ({@link Alerts.Alert} or {@link Alerts.Deterioration}). */
    record Raised(String type, Alerts.Raisable alert) {}

    private final RebuildGate gate;
    private final ProcessedEvents processed;
    private final SessionLocks locks;
    private final FeedbackFacts facts;
    private final SessionFacts sessions;
    private final DayRows days;
    private final RuptureDetector detector;
    private final Outbox outbox;
    private final ErasedClients erased;
    private final CounsellorViewRows views;
    private final ClientHistories states;

    public FeedbackRecorder(RebuildGate gate, ProcessedEvents processed, SessionLocks locks, FeedbackFacts facts,
                            SessionFacts sessions, DayRows days, RuptureDetector detector, Outbox outbox, ErasedClients erased,
                            CounsellorViewRows views, ClientHistories states) {
        this.gate = gate;
        this.processed = processed;
        this.locks = locks;
        this.facts = facts;
        this.sessions = sessions;
        this.days = days;
        this.detector = detector;
        this.outbox = outbox;
        this.erased = erased;
        this.views = views;
        this.states = states;
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
     * A consumed batch in one transaction: the rebuild gate once, every session's and
     * counsellor's lock up front (see {@link SessionLocks}), then the forms delivered for the
     * first time (once per {@code eventId}, also when an id repeats inside the batch). The caller
     * learns of the commit when the Uni completes (the counsellors' views are published after it).
     */
    @WithTransaction
    public Uni<Void> consume(String consumer, List<Delivery> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return erased.ready()
                .chain(gate::pass)
                .chain(() -> locks.lock(batch.stream().map(d -> d.form().sessionId()).toList(),
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
                    .chain(effect -> states.store(effect.states())
                            .chain(() -> days.add(deltas))
                            .chain(() -> raise(stored, effect.alerts(), alerts)));
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
        return facts.countPerSession(storedNow.keySet())
                .map(counts -> storedNow.keySet().stream().filter(session -> counts.get(session).equals(storedNow.get(session))).toList())
                .chain(firsts -> sessions.ended(firsts))
                .invoke(ended -> ended.values().forEach(e ->
                        deltas.add(e.counsellorId(), DayTotals.dayOf(e.endedAt()), DayTotals.endedSessionWithFeedback())))
                .replaceWithVoid();
    }

    /*
     * Each history is analysed without and with each new form and the difference applied, not
     * only appended: a form can arrive after later ones (replay, partitions), and then it changes
     * what those later forms were. The batch's forms of one history are added one at a time, in
     * the batch's order, as if recorded one after the other. Alliance histories give rupture
     * episodes (day-row deltas, an alert when the form opens one); outcome histories give a
     * deterioration alert when the form makes the latest reliably worse than intake (it was not
     * before). Returns the alerts per form, with their types, and each history's state after the
     * batch (derived from the whole history, so the same whatever order the forms came in).
     */
    private Uni<HistoriesEffect> histories(List<Delivery> stored, DayRows.Deltas deltas) {
        Map<FeedbackFacts.HistoryKey, List<FeedbackSubmitted>> added = new LinkedHashMap<>();
        stored.stream().map(Delivery::form)
                .filter(form -> form.scorable() && (ALLIANCE.equals(form.construct()) || OUTCOME.equals(form.construct())))
                .forEach(form -> added.computeIfAbsent(new FeedbackFacts.HistoryKey(form.counsellorId(), form.clientRef(),
                        form.instrumentId()), key -> new ArrayList<>()).add(form));
        return facts.historiesOf(added.keySet()).map(histories -> {
            Map<UUID, List<Raised>> alerts = new HashMap<>();
            List<ClientHistories.Stored> states = new ArrayList<>();
            added.forEach((key, forms) -> {
                List<FeedbackScore> history = histories.getOrDefault(key, List.of());
                Set<UUID> pending = new HashSet<>();
                forms.forEach(form -> pending.add(form.feedbackId()));
                String construct = forms.get(0).construct();
                if (OUTCOME.equals(construct)) {
                    deteriorations(key, forms, history, pending, alerts);
                    states.add(new ClientHistories.Stored(key, construct, HistoryState.outcome(key.instrumentId(), history)));
                } else {
                    RuptureHistory after = ruptures(key, forms, history, pending, deltas, alerts);
                    states.add(new ClientHistories.Stored(key, construct, HistoryState.alliance(after)));
                }
            });
            return new HistoriesEffect(alerts, states);
        });
    }

    /** A batch's alerts per form and the states of the histories it added to. */
    private record HistoriesEffect(Map<UUID, List<Raised>> alerts, List<ClientHistories.Stored> states) {}

    /** The rupture deltas and alerts of the forms added one at a time; returns the analysis of the whole history. */
    private RuptureHistory ruptures(FeedbackFacts.HistoryKey key, List<FeedbackSubmitted> forms, List<FeedbackScore> history,
                          Set<UUID> pending, DayRows.Deltas deltas, Map<UUID, List<Raised>> alerts) {
        RuptureHistory before = detector.analyse(key.instrumentId(), without(history, pending));
        for (FeedbackSubmitted form : forms) {
            pending.remove(form.feedbackId());
            RuptureHistory after = detector.analyse(key.instrumentId(), without(history, pending));
            RuptureChanges changes = after.changesFrom(before);
            changes.ruptured().forEach(r -> deltas.add(form.counsellorId(), day(r), DayTotals.rupture()));
            changes.unruptured().forEach(r -> deltas.add(form.counsellorId(), day(r), DayTotals.rupture().negate()));
            changes.repaired().forEach(r -> deltas.add(form.counsellorId(), day(r), DayTotals.repair()));
            changes.unrepaired().forEach(r -> deltas.add(form.counsellorId(), day(r), DayTotals.repair().negate()));
            changes.ruptured().stream()
                    .filter(r -> r.feedback().feedbackId().equals(form.feedbackId()))
                    .forEach(r -> alerts.computeIfAbsent(form.feedbackId(), id -> new ArrayList<>()).add(new Raised(Alerts.RUPTURE,
                            alert(form, r.scoreBefore(), r.causes().stream().map(Enum::name).sorted().toList()))));
            before = after;
        }
        return before;
    }

    /** Once per client and instrument until it no longer is: raised on the change from not deteriorated to deteriorated. */
    private static void deteriorations(FeedbackFacts.HistoryKey key, List<FeedbackSubmitted> forms, List<FeedbackScore> history,
                                       Set<UUID> pending, Map<UUID, List<Raised>> alerts) {
        boolean before = Outcomes.deteriorated(key.instrumentId(), without(history, pending));
        for (FeedbackSubmitted form : forms) {
            pending.remove(form.feedbackId());
            List<FeedbackScore> now = without(history, pending);
            boolean after = Outcomes.deteriorated(key.instrumentId(), now);
            if (after && !before) {
                OutcomeChange change = OutcomeChange.of(key.instrumentId(), now).orElseThrow();
                alerts.computeIfAbsent(form.feedbackId(), id -> new ArrayList<>()).add(new Raised(Alerts.DETERIORATION,
                        Alerts.Deterioration.of(key.counsellorId(), key.clientRef(), change)));
            }
            before = after;
        }
    }

    private static List<FeedbackScore> without(List<FeedbackScore> history, Set<UUID> feedbackIds) {
        return feedbackIds.isEmpty() ? history : history.stream().filter(s -> !feedbackIds.contains(s.feedbackId())).toList();
    }

    /**
     * The batch's rupture alerts in its order. Raised through a Multi, not a chain of Unis: a
     * batch may raise hundreds, and an outbox add completes at once, so a chain would nest that
     * deep on the stack.
     */
    private static Uni<Void> raise(List<Delivery> stored, Map<UUID, List<Raised>> raised, AlertSink alerts) {
        record Raise(Delivery delivery, Raised alert) {}
        List<Raise> raises = new ArrayList<>();
        for (Delivery d : stored) {
            raised.getOrDefault(d.form().feedbackId(), List.of()).forEach(alert -> raises.add(new Raise(d, alert)));
        }
        if (raises.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(raises)
                .onItem().transformToUniAndConcatenate(r -> alerts.raise(r.delivery(), r.alert().type(), r.alert().alert()))
                .collect().last()
                .replaceWithVoid();
    }

    private static Alerts.Alert alert(FeedbackSubmitted form, BigDecimal scoreBefore, List<String> causes) {
        return new Alerts.Alert(form.counsellorId(), form.clientRef(), form.instrumentId(), form.feedbackId(),
                new Alerts.Scores(form.total(), form.normalized(), scoreBefore), causes, form.submittedAt());
    }

    private Uni<Void> toOutbox(Delivery delivery, String type, Alerts.Raisable alert) {
        return outbox.add(Alerts.raised(type, alert), delivery.trace()).replaceWithVoid();
    }

    private static LocalDate day(Rupture rupture) {
        return DayTotals.dayOf(rupture.feedback().submittedAt());
    }
}
