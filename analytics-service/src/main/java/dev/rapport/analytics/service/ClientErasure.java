package dev.rapport.analytics.service;

import dev.rapport.analytics.domain.ClientContributions;
import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.domain.FeedbackScore;
import dev.rapport.analytics.domain.HistoryKey;
import dev.rapport.analytics.domain.Rupture;
import dev.rapport.analytics.domain.RuptureChanges;
import dev.rapport.analytics.domain.RuptureDetector;
import dev.rapport.analytics.persistence.ClientFigureDays;
import dev.rapport.analytics.persistence.ClientHistories;
import dev.rapport.analytics.persistence.CounsellorViewRows;
import dev.rapport.analytics.persistence.DayRows;
import dev.rapport.analytics.persistence.FeedbackFacts;
import dev.rapport.analytics.persistence.RebuildGate;
import dev.rapport.analytics.persistence.SessionFacts;
import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.messaging.ProcessedEvents;
import dev.rapport.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Erases a client from analytics (docs/privacy.md): takes everything the client's sessions and
 * forms added to the counsellors' day rows back out (the same contributions the recorders added,
 * negated: sessions, "ended with feedback", scores, ruptures and repairs) and their states' part
 * in client_figure_day, then deletes every row that names the reference (session and feedback
 * facts, the client's history states, safety alerts, outbox rows). What is left is what analytics
 * would hold had it never received the client's events: the per-client figures (active clients,
 * alerts) are read from the facts and the history states, and the day rows are sums.
 */
@ApplicationScoped
public class ClientErasure {

    public static final String SERVICE = "analytics-service";
    private static final Logger LOG = Logger.getLogger(ClientErasure.class);
    private static final String FORGET_SESSIONS = "DELETE FROM session_fact WHERE client_ref = :ref";
    private static final String FORGET_FEEDBACK = "DELETE FROM feedback_fact WHERE client_ref = :ref";
    private static final String FORGET_LATEST_FORMS = "DELETE FROM client_latest_form WHERE client_ref = :ref";
    private static final String FORGET_CLIENT = "DELETE FROM counsellor_client WHERE client_ref = :ref";
    private static final String FORGET_SAFETY_ALERTS = "DELETE FROM safety_alert WHERE client_ref = :ref RETURNING CAST(counsellor_id AS varchar)";
    private static final String FORGET_OUTBOX = "DELETE FROM outbox_event WHERE payload LIKE :pattern";

    private final ErasedClients erased;
    private final RebuildGate gate;
    private final ProcessedEvents processed;
    private final SessionFacts sessions;
    private final FeedbackFacts feedback;
    private final DayRows days;
    private final RuptureDetector detector;
    private final Outbox outbox;
    private final CounsellorViewRows views;
    private final ClientHistories histories;
    private final ClientFigureDays figures;
    private final ClientFigureBackfill backfill;

    public ClientErasure(ErasedClients erased, RebuildGate gate, ProcessedEvents processed, SessionFacts sessions,
                         FeedbackFacts feedback, DayRows days, RuptureDetector detector, Outbox outbox,
                         CounsellorViewRows views, ClientHistories histories, ClientFigureDays figures,
                         ClientFigureBackfill backfill) {
        this.erased = erased;
        this.gate = gate;
        this.processed = processed;
        this.sessions = sessions;
        this.feedback = feedback;
        this.days = days;
        this.detector = detector;
        this.outbox = outbox;
        this.views = views;
        this.histories = histories;
        this.figures = figures;
        this.backfill = backfill;
    }

    /** An erasure request as consumed. */
    public record Delivery(UUID eventId, Erasures.Requested request) {}

    /**
     * The erasure requests of a consumed batch, each confirmed on the erasures topic through the
     * outbox in the same transaction (a crash midway erases again on redelivery, and erasing
     * twice changes nothing). Returns the counsellors whose views changed, known after the commit.
     */
    @WithTransaction
    public Uni<Set<UUID>> consume(String consumer, List<Delivery> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        batch.forEach(d -> erased.add(d.request().clientRef()));
        Set<UUID> counsellors = new HashSet<>();
        return backfill.ready()
                .chain(gate::shut)
                .chain(() -> processed.firstDeliveries(consumer, batch, Delivery::eventId))
                .chain(first -> Multi.createFrom().iterable(first)
                        .onItem().transformToUniAndConcatenate(d -> eraseRows(d.request().clientRef())
                                .invoke(counsellors::addAll)
                                .chain(() -> confirm(d.request())))
                        .collect().last())
                .chain(() -> views.touch(counsellors))
                .map(ignored -> counsellors);
    }

    /**
     * One client, outside the consumer group (every instance that learns of an erasure runs it,
     * so that an event this instance took in just before it learnt of the erasure is taken out
     * too). Returns the counsellors whose views changed.
     */
    @WithTransaction
    public Uni<Set<UUID>> erase(String clientRef) {
        erased.add(clientRef);
        return backfill.ready().chain(gate::shut).chain(() -> eraseRows(clientRef)).call(views::touch);
    }

    /**
     * The client's contributions out and their rows gone, in the current transaction and in the
     * tables its search path names (the live ones, or a rebuild's shadow). Idempotent: a second
     * run finds no rows and changes nothing. Returns the counsellors whose views changed.
     */
    public Uni<Set<UUID>> eraseRows(String clientRef) {
        Set<UUID> counsellors = new HashSet<>();
        DayRows.Deltas deltas = new DayRows.Deltas();
        return sessions.ofClient(clientRef)
                .chain(clientSessions -> feedback.ofClient(clientRef).invoke(forms -> {
                    takeBack(clientSessions, forms, deltas);
                    clientSessions.forEach(s -> counsellors.add(s.counsellorId()));
                    forms.forEach(f -> counsellors.add(f.counsellorId()));
                }))
                .chain(() -> days.add(deltas))
                .chain(() -> Panache.getSession())
                .chain(s -> s.createNativeQuery(FORGET_SESSIONS).setParameter("ref", clientRef).executeUpdate()
                        .chain(() -> s.createNativeQuery(FORGET_FEEDBACK).setParameter("ref", clientRef).executeUpdate())
                        .chain(() -> s.createNativeQuery(FORGET_LATEST_FORMS).setParameter("ref", clientRef).executeUpdate())
                        .chain(() -> s.createNativeQuery(FORGET_CLIENT).setParameter("ref", clientRef).executeUpdate())
                        .chain(() -> s.createNativeQuery(FORGET_SAFETY_ALERTS, String.class).setParameter("ref", clientRef).getResultList())
                        .invoke(alerted -> alerted.forEach(id -> counsellors.add(UUID.fromString(id))))
                        .chain(() -> s.createNativeQuery(FORGET_OUTBOX).setParameter("pattern", "%" + clientRef + "%").executeUpdate()))
                .chain(() -> histories.ofClient(clientRef))
                .chain(states -> {
                    ClientFigureDays.Deltas out = new ClientFigureDays.Deltas();
                    states.forEach(c -> c.clients().forEach(client -> out.add(c.counsellorId(), ClientContributions.change(client, null))));
                    return figures.add(out);
                })
                .chain(() -> histories.forget(clientRef))
                .map(ignored -> counsellors);
    }

    /** What the client's sessions and forms added to the day rows, negated into {@code deltas}. */
    private void takeBack(List<SessionFacts.Fact> clientSessions, List<FeedbackFacts.Fact> forms, DayRows.Deltas deltas) {
        Set<UUID> withFeedback = new HashSet<>();
        forms.forEach(f -> withFeedback.add(f.sessionId()));
        for (SessionFacts.Fact session : clientSessions) {
            var day = DayTotals.dayOf(session.at());
            switch (session.status()) {
                case "ENDED" -> {
                    deltas.add(session.counsellorId(), day, DayTotals.sessionEnded().negate());
                    if (withFeedback.contains(session.sessionId())) {
                        deltas.add(session.counsellorId(), day, DayTotals.endedSessionWithFeedback().negate());
                    }
                }
                case "CANCELLED" -> deltas.add(session.counsellorId(), day, DayTotals.sessionCancelled().negate());
                case "NO_SHOW" -> deltas.add(session.counsellorId(), day, DayTotals.noShow().negate());
                default -> { }
            }
        }
        Map<HistoryKey, List<FeedbackScore>> histories = new LinkedHashMap<>();
        for (FeedbackFacts.Fact form : forms) {
            deltas.add(form.counsellorId(), DayTotals.dayOf(form.submittedAt()), DayTotals.feedback(form.construct(),
                    form.submittedAt(), form.normalized(), form.normalizedSubscales(), form.scorable()).negate());
            // Rupture episodes and repairs are counted on alliance histories only (FeedbackRecorder);
            // the outcome figures and deterioration alerts are read from the facts, deleted below.
            if (form.scorable() && FeedbackRecorder.ALLIANCE.equals(form.construct())) {
                histories.computeIfAbsent(new HistoryKey(form.counsellorId(), form.clientRef(), form.instrumentId()),
                        key -> new ArrayList<>()).add(form.score());
            }
        }
        histories.forEach((key, history) -> {
            RuptureChanges changes = detector.analyse(key.instrumentId(), List.of())
                    .changesFrom(detector.analyse(key.instrumentId(), history));
            changes.unruptured().forEach(r -> deltas.add(key.counsellorId(), day(r), DayTotals.rupture().negate()));
            changes.unrepaired().forEach(r -> deltas.add(key.counsellorId(), day(r), DayTotals.repair().negate()));
        });
    }

    private Uni<Void> confirm(Erasures.Requested request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String id = request.erasureId().toString();
        LOG.infof("Erasure %s done in analytics-service", id);
        return outbox.add(Erasures.completed(request, SERVICE, now))
                .replaceWithVoid();
    }

    private static java.time.LocalDate day(Rupture rupture) {
        return DayTotals.dayOf(rupture.feedback().submittedAt());
    }
}
