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
import dev.rapport.analytics.persistence.SessionFacts;
import dev.rapport.analytics.persistence.SessionLocks;
import dev.rapport.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A submitted form's effect, inside the consumer's transaction: the fact, its day-row
 * contributions, the session's "ended with feedback", ruptures and repairs, and alerts in the
 * outbox.
 */
@ApplicationScoped
public class FeedbackRecorder {

    static final String ALLIANCE = DayTotals.ALLIANCE;

    private final SessionLocks locks;
    private final FeedbackFacts facts;
    private final SessionFacts sessions;
    private final DayRows days;
    private final RuptureDetector detector;
    private final Outbox outbox;

    public FeedbackRecorder(SessionLocks locks, FeedbackFacts facts, SessionFacts sessions, DayRows days,
                            RuptureDetector detector, Outbox outbox) {
        this.locks = locks;
        this.facts = facts;
        this.sessions = sessions;
        this.days = days;
        this.detector = detector;
        this.outbox = outbox;
    }

    /** @return true when the form was new here (and changed the counsellor's figures) */
    public Uni<Boolean> record(FeedbackSubmitted form) {
        FeedbackFacts.Fact fact = new FeedbackFacts.Fact(form.feedbackId(), form.sessionId(), form.counsellorId(),
                form.clientRef(), form.instrumentId(), form.construct(), form.total(), form.normalized(), form.scorable(),
                form.safetyItem(), form.submittedAt());
        return locks.lock(form.sessionId())
                .chain(() -> facts.insert(fact))
                .chain(inserted -> inserted
                        ? scores(form)
                                .chain(() -> sessionWithFeedback(form))
                                .chain(() -> ruptures(form, fact))
                                .chain(() -> safety(form))
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
    private Uni<Void> ruptures(FeedbackSubmitted form, FeedbackFacts.Fact fact) {
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
                    .forEach(r -> steps.add(alert(Alerts.RUPTURE, form, r.scoreBefore(),
                            r.causes().stream().map(Enum::name).sorted().toList())));
            return sequence(steps);
        });
    }

    private Uni<Void> safety(FeedbackSubmitted form) {
        // Raised for every flagged form, also one that arrives late: the answer is a risk whatever came after.
        return form.safetyItem() ? alert(Alerts.SAFETY, form, null, List.of(FeedbackSubmitted.SAFETY_ITEM)) : Uni.createFrom().voidItem();
    }

    private Uni<Void> alert(String type, FeedbackSubmitted form, BigDecimal scoreBefore, List<String> causes) {
        Alerts.Alert alert = new Alerts.Alert(form.counsellorId(), form.clientRef(), form.instrumentId(), form.feedbackId(),
                new Alerts.Scores(form.total(), form.normalized(), scoreBefore), causes, form.submittedAt());
        return outbox.add(Alerts.TOPIC, type, form.counsellorId(), form.feedbackId(), alert, form.submittedAt()).replaceWithVoid();
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
