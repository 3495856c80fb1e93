package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.domain.FeedbackScore;
import dev.rapport.analytics.domain.Rupture;
import dev.rapport.analytics.domain.RuptureChanges;
import dev.rapport.analytics.domain.RuptureDetector;
import dev.rapport.analytics.domain.RuptureHistory;
import dev.rapport.analytics.messaging.Alerts;
import dev.rapport.analytics.messaging.FeedbackSubmitted;
import dev.rapport.analytics.persistence.DayRows;
import dev.rapport.analytics.persistence.FeedbackFacts;
import dev.rapport.analytics.persistence.RebuildGate;
import dev.rapport.analytics.persistence.SessionFacts;
import dev.rapport.analytics.persistence.SessionLocks;
import dev.rapport.platform.messaging.ProcessedEvents;
import dev.rapport.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A submitted form's effect, inside the consumer's transaction: the fact, its day-row
 * contributions, the session's "ended with feedback", ruptures and repairs, and alerts in the
 * outbox. Live in the consumed batch's transaction ({@link #consume}); in a rebuild in the batch's
 * transaction on the shadow tables, its alerts held back ({@link #replay}).
 */
@ApplicationScoped
public class FeedbackRecorder {

    static final String ALLIANCE = DayTotals.ALLIANCE;

    private final RebuildGate gate;
    private final ProcessedEvents processed;
    private final SessionLocks locks;
    private final FeedbackFacts facts;
    private final SessionFacts sessions;
    private final DayRows days;
    private final RuptureDetector detector;
    private final Outbox outbox;

    public FeedbackRecorder(RebuildGate gate, ProcessedEvents processed, SessionLocks locks, FeedbackFacts facts,
                            SessionFacts sessions, DayRows days, RuptureDetector detector, Outbox outbox) {
        this.gate = gate;
        this.processed = processed;
        this.locks = locks;
        this.facts = facts;
        this.sessions = sessions;
        this.days = days;
        this.detector = detector;
        this.outbox = outbox;
    }

    /** A readable feedback event as consumed. */
    public record Delivery(UUID eventId, FeedbackSubmitted form) {
    }

    /**
     * A consumed batch in one transaction: the rebuild gate once, every session's and
     * counsellor's lock up front (see {@link SessionLocks}), then each form once per
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
                .chain(() -> locks.lock(batch.stream().map(d -> d.form().sessionId()).toList(),
                        batch.stream().map(d -> d.form().counsellorId()).toList()))
                .chain(() -> Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(d -> processed.firstDelivery(consumer, d.eventId())
                                .chain(first -> first ? apply(d.form(), this::toOutbox) : Uni.createFrom().item(false)))
                        .collect().last())
                .replaceWithVoid();
    }

    /**
     * The effect without locks (a rebuild applies its batch alone, to tables no live consumer
     * writes), the alerts to {@code alerts} instead of the outbox.
     */
    public Uni<Boolean> replay(FeedbackSubmitted form, AlertSink alerts) {
        return apply(form, alerts);
    }

    private Uni<Boolean> apply(FeedbackSubmitted form, AlertSink alerts) {
        FeedbackFacts.Fact fact = new FeedbackFacts.Fact(form.feedbackId(), form.sessionId(), form.counsellorId(),
                form.clientRef(), form.instrumentId(), form.construct(), form.total(), form.normalized(), form.scorable(),
                form.safetyItem(), form.submittedAt());
        return facts.insert(fact)
                .chain(inserted -> inserted
                        ? scores(form)
                                .chain(() -> sessionWithFeedback(form))
                                .chain(() -> ruptures(form, fact, alerts))
                                .chain(() -> safety(form, alerts))
                                .replaceWith(true)
                        : Uni.createFrom().item(false));
    }

    private Uni<Void> scores(FeedbackSubmitted form) {
        return days.add(form.counsellorId(), DayTotals.dayOf(form.submittedAt()), DayTotals.feedback(form.construct(),
                form.submittedAt(), form.normalized(), form.normalizedSubscales(), form.scorable()));
    }

    /** The session's first feedback, if the session has ended: +1 on the day of the end (else the end adds it). */
    private Uni<Void> sessionWithFeedback(FeedbackSubmitted form) {
        return facts.sessionHasOtherFeedback(form.sessionId(), form.feedbackId()).chain(other -> other
                ? Uni.createFrom().voidItem()
                : sessions.ended(form.sessionId()).chain(ended -> ended == null
                        ? Uni.createFrom().voidItem()
                        : days.add(ended.counsellorId(), DayTotals.dayOf(ended.endedAt()), DayTotals.endedSessionWithFeedback())));
    }

    /*
     * The history is analysed without and with the new form and the difference applied, not only
     * appended: a form can arrive after later ones (replay, partitions), and then it changes what
     * those later forms were.
     */
    private Uni<Void> ruptures(FeedbackSubmitted form, FeedbackFacts.Fact fact, AlertSink alerts) {
        if (!form.scorable() || !ALLIANCE.equals(form.construct())) {
            return Uni.createFrom().voidItem();
        }
        return facts.history(form.counsellorId(), form.clientRef(), form.instrumentId()).chain(history -> {
            List<FeedbackScore> without = history.stream().filter(s -> !s.feedbackId().equals(form.feedbackId())).toList();
            RuptureHistory before = detector.analyse(form.instrumentId(), without);
            RuptureHistory after = detector.analyse(form.instrumentId(), history);
            RuptureChanges changes = after.changesFrom(before);
            List<Uni<Void>> steps = new ArrayList<>();
            changes.ruptured().forEach(r -> steps.add(days.add(form.counsellorId(), day(r), DayTotals.rupture())));
            changes.unruptured().forEach(r -> steps.add(days.add(form.counsellorId(), day(r), DayTotals.rupture().negate())));
            changes.repaired().forEach(r -> steps.add(days.add(form.counsellorId(), day(r), DayTotals.repair())));
            changes.unrepaired().forEach(r -> steps.add(days.add(form.counsellorId(), day(r), DayTotals.repair().negate())));
            changes.ruptured().stream()
                    .filter(r -> r.feedback().feedbackId().equals(fact.feedbackId()))
                    .forEach(r -> steps.add(alert(alerts, Alerts.RUPTURE, form, r.scoreBefore(),
                            r.causes().stream().map(Enum::name).sorted().toList())));
            return sequence(steps);
        });
    }

    private Uni<Void> safety(FeedbackSubmitted form, AlertSink alerts) {
        // Raised for every flagged form, also one that arrives late: the answer is a risk whatever came after.
        return form.safetyItem() ? alert(alerts, Alerts.SAFETY, form, null, List.of(FeedbackSubmitted.SAFETY_ITEM)) : Uni.createFrom().voidItem();
    }

    private static Uni<Void> alert(AlertSink alerts, String type, FeedbackSubmitted form, BigDecimal scoreBefore, List<String> causes) {
        Alerts.Alert alert = new Alerts.Alert(form.counsellorId(), form.clientRef(), form.instrumentId(), form.feedbackId(),
                new Alerts.Scores(form.total(), form.normalized(), scoreBefore), causes, form.submittedAt());
        return alerts.raise(type, alert);
    }

    private Uni<Void> toOutbox(String type, Alerts.Alert alert) {
        return outbox.add(Alerts.TOPIC, type, alert.counsellorId(), alert.feedbackId(), alert, alert.raisedAt()).replaceWithVoid();
    }

    private static LocalDate day(Rupture rupture) {
        return DayTotals.dayOf(rupture.feedback().submittedAt());
    }

    /** One after the other: a Hibernate Reactive session runs one statement at a time. */
    static Uni<Void> sequence(List<Uni<Void>> steps) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Uni<Void> step : steps) {
            chain = chain.chain(() -> step);
        }
        return chain;
    }

}
