package dev.rapport.analytics.service;

import dev.rapport.analytics.api.AlertView;
import dev.rapport.analytics.api.CounsellorMetrics;
import dev.rapport.analytics.api.CounsellorView;
import dev.rapport.analytics.api.OrganisationView;
import dev.rapport.analytics.domain.BelowMinimum;
import dev.rapport.analytics.domain.ClientFigures;
import dev.rapport.analytics.domain.ClientScores;
import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.domain.FeedbackScore;
import dev.rapport.analytics.domain.OutcomeChange;
import dev.rapport.analytics.domain.Outcomes;
import dev.rapport.analytics.domain.RuptureDetector;
import dev.rapport.analytics.domain.SafetyAlert;
import dev.rapport.analytics.domain.SafetyFigures;
import dev.rapport.analytics.domain.Thresholds;
import dev.rapport.analytics.domain.Window;
import dev.rapport.analytics.domain.WindowFigures;
import dev.rapport.analytics.persistence.DayRows;
import dev.rapport.analytics.persistence.FeedbackFacts;
import dev.rapport.analytics.persistence.FeedbackFacts.HistoryRow;
import dev.rapport.analytics.persistence.SafetyAlertRows;
import dev.rapport.analytics.persistence.SessionFactQueries;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The views of domain.md: day-row sums for the additive figures, session facts for
 * activeClients, the client histories for ruptures, outcomes and r, feedback-service's safety
 * alerts (safety_alert) for the safety figures.
 *
 * <p>A client's histories are per counsellor: the alliance is a relationship with one
 * counsellor, so a client who changes counsellor starts a new history with the new one (and
 * counts as one client per counsellor in the organisation's figures).
 */
@ApplicationScoped
public class MetricsService {

    private final SessionFactQueries sessions;
    private final DayRows days;
    private final FeedbackFacts feedback;
    private final SafetyAlertRows safety;
    private final Thresholds thresholds;
    private final RuptureDetector detector;
    private final Outcomes outcomes;

    public MetricsService(SessionFactQueries sessions, DayRows days, FeedbackFacts feedback, SafetyAlertRows safety,
                          Thresholds thresholds, RuptureDetector detector, Outcomes outcomes) {
        this.sessions = sessions;
        this.days = days;
        this.feedback = feedback;
        this.safety = safety;
        this.thresholds = thresholds;
        this.detector = detector;
        this.outcomes = outcomes;
    }

    @WithSession
    public Uni<CounsellorView> view(UUID counsellorId, Window window) {
        Instant now = now();
        Instant since = window.since(now);
        return days.sum(counsellorId, window.firstDay(now)).chain(totals ->
                sessions.counts(counsellorId, since, now).chain(counts ->
                        feedback.formClients(counsellorId, false, since).chain(formClients ->
                                feedback.histories(counsellorId).chain(histories ->
                                        safety.ofCounsellor(counsellorId, since).map(alerts -> view(counsellorId, window, now,
                                                totals, counts.activeClients(), formClients.getOrDefault(null, FeedbackFacts.FormClients.NONE),
                                                clients(histories).getOrDefault(counsellorId, Map.of()).values(),
                                                SafetyFigures.of(alerts, since)))))));
    }

    /**
     * The counsellor's view in every window at one instant (what alliance-metrics carries): the
     * histories and safety alerts read once, the day rows and session counts per window.
     */
    @WithSession
    public Uni<CounsellorMetrics> allWindows(UUID counsellorId) {
        Instant now = now();
        return feedback.histories(counsellorId).chain(histories -> safety.ofCounsellor(counsellorId, Window.ALL.since(now)).chain(alerts -> {
            Collection<ClientScores> clients = clients(histories).getOrDefault(counsellorId, Map.of()).values();
            Map<String, CounsellorView> windows = new LinkedHashMap<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Window window : Window.values()) {
                Instant since = window.since(now);
                chain = chain.chain(() -> days.sum(counsellorId, window.firstDay(now)).chain(totals ->
                        sessions.counts(counsellorId, since, now).chain(counts ->
                                feedback.formClients(counsellorId, false, since).invoke(formClients -> windows.put(window.label(),
                                        view(counsellorId, window, now, totals, counts.activeClients(),
                                                formClients.getOrDefault(null, FeedbackFacts.FormClients.NONE), clients,
                                                SafetyFigures.of(alerts, since)))))))
                        .replaceWithVoid();
            }
            return chain.map(done -> new CounsellorMetrics(counsellorId, now, windows));
        }));
    }

    /** Every counsellor analytics has heard of. */
    @WithSession
    public Uni<List<UUID>> counsellors() {
        return sessions.counsellors();
    }

    /** Every counsellor's view of the window, in no particular order. */
    @WithSession
    public Uni<List<CounsellorView>> views(Window window) {
        Instant now = now();
        return all(window, now);
    }

    /**
     * The organisation's figures: its day rows summed, every client's histories together, every
     * safety alert once. No counsellor's view is computed: open ruptures are counted per client,
     * so the organisation's count is the count over all clients; a safety alert is in the view of
     * each counsellor of its client, and summing the views would count it as often.
     */
    @WithSession
    public Uni<OrganisationView> summary(Window window) {
        Instant now = now();
        Instant since = window.since(now);
        return sessions.counsellors().chain(counsellors ->
                days.sumOfAll(window.firstDay(now)).chain(totals ->
                        sessions.activeClientsOfAll(since).chain(active ->
                                feedback.formClients(null, false, since).chain(formClients ->
                                        feedback.histories(null).chain(histories ->
                                                safety.all(since).map(alerts -> {
                                                    WindowFigures f = totals.figures(thresholds);
                                                    FeedbackFacts.FormClients fc = formClients.getOrDefault(null, FeedbackFacts.FormClients.NONE);
                                                    SafetyFigures sf = SafetyFigures.of(alerts, since);
                                                    List<ClientScores> clients = clients(histories).values().stream()
                                                            .flatMap(m -> m.values().stream()).toList();
                                                    ClientFigures c = ClientFigures.of(clients, since, detector, outcomes);
                                                    return new OrganisationView(window.label(), now, counsellors.size(),
                                                            f.sessionsEnded(), f.sessionsCancelled(), f.noShows(), active, f.feedbackRate(),
                                                            f.allianceIndex(), f.allianceForms(), fc.alliance(),
                                                            f.bond(), f.goal(), f.task(), f.waiForms(), fc.wai(),
                                                            f.empathyIndex(), f.empathyForms(), fc.empathy(), f.allianceTrend(),
                                                            f.ruptures(), c.ruptureClients(), c.openRuptures(), f.repairRate(),
                                                            sf.safetyAlerts(), sf.safetyEscalations(), sf.safetyMinutesToAcknowledge(),
                                                            c.rates().clients(), c.rates().reliableImprovementRate(),
                                                            c.rates().deteriorationRate(), c.rates().casesAtIntake(), c.rates().recoveryRate(),
                                                            c.outcomes(), c.allianceOutcome().r(), c.allianceOutcome().clients());
                                                }))))));
    }

    /**
     * The counsellor's open alerts: a rupture alert per open episode (the feedback that opened
     * it), a deterioration alert per client and outcome instrument whose latest form is reliably
     * worse than intake (the latest form), and every unresolved safety alert of a client the
     * counsellor has a session for (or whose form with them raised it). Newest first.
     */
    @WithSession
    public Uni<List<AlertView>> alerts(UUID counsellorId) {
        return feedback.histories(counsellorId).chain(histories -> safety.unresolvedOf(counsellorId).map(unresolved -> {
            List<AlertView> alerts = new ArrayList<>();
            for (ClientScores client : clients(histories).getOrDefault(counsellorId, Map.of()).values()) {
                client.alliance().forEach((instrument, forms) -> detector.analyse(instrument, forms).open().forEach(episode ->
                        alerts.add(AlertView.rupture(client.clientRef(), instrument, episode.feedback().feedbackId(),
                                episode.feedback().total(), episode.feedback().normalized(), episode.scoreBefore(),
                                episode.causes().stream().map(Enum::name).sorted().toList(), episode.feedback().submittedAt()))));
                client.outcomes().forEach((instrument, forms) -> OutcomeChange.of(instrument, forms)
                        .filter(OutcomeChange::deteriorated)
                        .ifPresent(change -> alerts.add(AlertView.deterioration(client.clientRef(), change))));
            }
            for (SafetyAlert alert : unresolved) {
                alerts.add(AlertView.safety(alert));
            }
            alerts.sort(Comparator.comparing(AlertView::raisedAt).reversed());
            return alerts;
        }));
    }

    /** Every counsellor's view from six queries, whatever the number of counsellors. */
    private Uni<List<CounsellorView>> all(Window window, Instant now) {
        Instant since = window.since(now);
        return sessions.counsellors().chain(counsellors ->
                days.sumPerCounsellor(window.firstDay(now)).chain(totals ->
                        sessions.activeClientsPerCounsellor(since).chain(active ->
                                feedback.formClients(null, true, since).chain(formClients ->
                                        feedback.histories(null).chain(histories ->
                                                safety.perCounsellor(since).map(alerts -> {
                                                    Map<UUID, Map<String, ClientScores>> clients = clients(histories);
                                                    return counsellors.stream().map(id -> view(id, window, now,
                                                            totals.getOrDefault(id, DayTotals.ZERO), active.getOrDefault(id, 0L),
                                                            formClients.getOrDefault(id, FeedbackFacts.FormClients.NONE),
                                                            clients.getOrDefault(id, Map.of()).values(),
                                                            SafetyFigures.of(alerts.getOrDefault(id, List.of()), since)))
                                                            .toList();
                                                }))))));
    }

    private CounsellorView view(UUID counsellorId, Window window, Instant now, DayTotals totals, long activeClients,
                                FeedbackFacts.FormClients formClients, Collection<ClientScores> clients, SafetyFigures safety) {
        Instant since = window.since(now);
        WindowFigures f = totals.figures(thresholds);
        // Ruptures and outcomes need the whole histories: an episode opens against the score
        // before it, and change is measured from intake, never cut by the window.
        ClientFigures c = ClientFigures.of(clients, since, detector, outcomes);
        BelowMinimum below = new BelowMinimum(thresholds.minClientsForComparison())
                .check("feedbackRate", f.feedbackRate(), activeClients)
                .check("allianceIndex", f.allianceIndex(), formClients.alliance())
                .check("bond", f.bond(), formClients.wai())
                .check("goal", f.goal(), formClients.wai())
                .check("task", f.task(), formClients.wai())
                .check("empathyIndex", f.empathyIndex(), formClients.empathy())
                .check("allianceTrend", f.allianceTrend(), formClients.alliance())
                .check("repairRate", f.repairRate(), c.ruptureClients())
                .check("reliableImprovementRate", c.rates().reliableImprovementRate(), c.rates().clients())
                .check("deteriorationRate", c.rates().deteriorationRate(), c.rates().clients())
                .check("recoveryRate", c.rates().recoveryRate(), c.rates().casesAtIntake());
        c.outcomes().forEach((instrument, o) -> below
                .check("outcomes." + instrument + ".reliableImprovementRate", o.reliableImprovementRate(), o.clients())
                .check("outcomes." + instrument + ".deteriorationRate", o.deteriorationRate(), o.clients())
                .check("outcomes." + instrument + ".recoveryRate", o.recoveryRate(), o.casesAtIntake())
                .check("outcomes." + instrument + ".reliableRecoveryRate", o.reliableRecoveryRate(), o.casesAtIntake()));
        below.check("allianceOutcomeR", c.allianceOutcome().r(), c.allianceOutcome().clients());
        return new CounsellorView(counsellorId, window.label(), now,
                f.sessionsEnded(), f.sessionsCancelled(), f.noShows(), activeClients, f.feedbackRate(),
                f.allianceIndex(), f.allianceForms(), formClients.alliance(),
                f.bond(), f.goal(), f.task(), f.waiForms(), formClients.wai(),
                f.empathyIndex(), f.empathyForms(), formClients.empathy(), f.allianceTrend(),
                f.ruptures(), c.ruptureClients(), c.openRuptures(), f.repairRate(),
                safety.safetyAlerts(), safety.safetyEscalations(), safety.safetyMinutesToAcknowledge(),
                c.rates().clients(), c.rates().reliableImprovementRate(), c.rates().deteriorationRate(),
                c.rates().casesAtIntake(), c.rates().recoveryRate(), c.outcomes(),
                c.allianceOutcome().r(), c.allianceOutcome().clients(), below.figures());
    }

    /** counsellor → client reference → that client's alliance and outcome histories. */
    private static Map<UUID, Map<String, ClientScores>> clients(List<HistoryRow> rows) {
        Map<UUID, Map<String, Map<String, List<FeedbackScore>>>> alliance = new HashMap<>();
        Map<UUID, Map<String, Map<String, List<FeedbackScore>>>> outcome = new HashMap<>();
        Map<UUID, Map<String, ClientScores>> clients = new HashMap<>();
        for (HistoryRow row : rows) {
            var target = DayTotals.ALLIANCE.equals(row.construct()) ? alliance : outcome;
            target.computeIfAbsent(row.counsellorId(), k -> new HashMap<>())
                    .computeIfAbsent(row.clientRef(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(row.instrumentId(), k -> new ArrayList<>())
                    .add(row.score());
            clients.computeIfAbsent(row.counsellorId(), k -> new LinkedHashMap<>()).put(row.clientRef(), null);
        }
        clients.forEach((counsellor, byClient) -> byClient.replaceAll((clientRef, ignored) -> new ClientScores(clientRef,
                Optional.ofNullable(alliance.get(counsellor)).map(m -> m.get(clientRef)).orElse(Map.of()),
                Optional.ofNullable(outcome.get(counsellor)).map(m -> m.get(clientRef)).orElse(Map.of()))));
        return clients;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
