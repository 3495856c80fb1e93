package dev.rapport.analytics.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.analytics.domain.BelowMinimum;
import dev.rapport.analytics.domain.ClientFigures;
import dev.rapport.analytics.domain.ClientState;
import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.domain.InstrumentOutcomes;
import dev.rapport.analytics.domain.OutcomeChange;
import dev.rapport.analytics.domain.Outcomes;
import dev.rapport.analytics.domain.SafetyAlert;
import dev.rapport.analytics.domain.SafetyFigures;
import dev.rapport.analytics.domain.Thresholds;
import dev.rapport.analytics.domain.Window;
import dev.rapport.analytics.domain.WindowFigures;
import dev.rapport.analytics.persistence.ClientFigureDays;
import dev.rapport.analytics.persistence.ClientHistories;
import dev.rapport.analytics.persistence.CounsellorViewRows;
import dev.rapport.analytics.persistence.DayRows;
import dev.rapport.analytics.persistence.FeedbackFacts;
import dev.rapport.analytics.persistence.SafetyAlertRows;
import dev.rapport.analytics.persistence.SessionFactQueries;
import dev.rapport.analytics.view.AlertView;
import dev.rapport.analytics.view.CounsellorMetrics;
import dev.rapport.analytics.view.CounsellorPage;
import dev.rapport.analytics.view.CounsellorView;
import dev.rapport.analytics.view.Figures;
import dev.rapport.analytics.view.OrganisationView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The views of domain.md: day-row sums for the additive figures, session facts for
 * activeClients, the sums of the clients' figure rows for ruptures, outcomes and r (their history
 * states for the alerts), feedback-service's safety alerts (safety_alert) for the safety figures.
 *
 * <p>A client's histories are per counsellor: the alliance is a relationship with one
 * counsellor, so a client who changes counsellor starts a new history with the new one (and
 * counts as one client per counsellor in the organisation's figures).
 */
@ApplicationScoped
public class MetricsService {

    private static final int REFRESH_CHUNK = 100;
    private static final int REFRESH_ROUNDS = 10;
    /** Counsellors per export query: what an export holds in memory at once. */
    private static final int EXPORT_CHUNK = 200;

    private final SessionFactQueries sessions;
    private final DayRows days;
    private final FeedbackFacts feedback;
    private final SafetyAlertRows safety;
    private final Thresholds thresholds;
    private final ClientHistories histories;
    private final ClientFigureDays clientFigures;
    private final CounsellorViewRows stored;
    private final ObjectMapper json;
    private final Counter exportChunks;

    public MetricsService(SessionFactQueries sessions, DayRows days, FeedbackFacts feedback, SafetyAlertRows safety,
                          Thresholds thresholds, ClientHistories histories, ClientFigureDays clientFigures, CounsellorViewRows stored,
                          ObjectMapper json, MeterRegistry registry) {
        this.sessions = sessions;
        this.days = days;
        this.feedback = feedback;
        this.safety = safety;
        this.thresholds = thresholds;
        this.histories = histories;
        this.clientFigures = clientFigures;
        this.stored = stored;
        this.json = json;
        this.exportChunks = Counter.builder("rapport.analytics.export.chunks")
                .description("Chunks of counsellors' views read for CSV exports (" + EXPORT_CHUNK + " views each at most)").register(registry);
    }

    /**
     * The counsellor's view of the window: the stored one while it is current (one indexed read;
     * the publisher stores every counsellor's view after each change), otherwise computed.
     */
    @WithSession
    public Uni<CounsellorView> view(UUID counsellorId, Window window) {
        Instant now = now();
        return stored.current(counsellorId, window.label(), dayStart(now)).chain(current -> current.isPresent()
                ? Uni.createFrom().item(readView(current.get()))
                : computeView(counsellorId, window, now));
    }

    private Uni<CounsellorView> computeView(UUID counsellorId, Window window, Instant now) {
        return compute(List.of(counsellorId), List.of(window), now).map(views -> views.get(counsellorId).get(window.label()));
    }

    /** The counsellor's view in every window at one instant (what alliance-metrics carries). */
    @WithSession
    public Uni<CounsellorMetrics> allWindows(UUID counsellorId) {
        return allWindows(List.of(counsellorId)).map(views -> views.get(0));
    }

    /** Each counsellor's view in every window at one instant, in the order given. */
    private Uni<List<CounsellorMetrics>> allWindows(List<UUID> counsellors) {
        Instant now = now();
        return compute(counsellors, List.of(Window.values()), now).map(views -> counsellors.stream()
                .map(counsellor -> new CounsellorMetrics(counsellor, now, views.get(counsellor))).toList());
    }

    /**
     * Per counsellor, the views of these windows by label, in their order: five statements whatever
     * the number of counsellors and windows (the safety alerts read once, the day rows, the clients'
     * figure rows, active clients and distinct clients one statement each for all windows).
     */
    private Uni<Map<UUID, Map<String, CounsellorView>>> compute(List<UUID> counsellors, List<Window> windows, Instant now) {
        List<LocalDate> firstDays = windows.stream().map(window -> window.firstDay(now)).toList();
        List<Instant> starts = windows.stream().map(window -> window.since(now)).toList();
        return clientFigures.sums(counsellors, firstDays).chain(clients ->
                safety.ofCounsellors(counsellors, Collections.min(starts)).chain(alerts ->
                        days.sums(counsellors, firstDays).chain(totals ->
                                sessions.activeClients(counsellors, starts).chain(active ->
                                        feedback.formClients(counsellors, starts).map(formClients -> {
                                            Map<UUID, Map<String, CounsellorView>> views = new HashMap<>();
                                            for (UUID counsellor : counsellors) {
                                                Map<String, CounsellorView> ofCounsellor = new LinkedHashMap<>();
                                                for (int w = 0; w < windows.size(); w++) {
                                                    Window window = windows.get(w);
                                                    ofCounsellor.put(window.label(), view(counsellor, window, now,
                                                            totals.get(counsellor).get(w), active.get(counsellor).get(w),
                                                            formClients.get(counsellor).get(w), clients.get(counsellor).get(w),
                                                            SafetyFigures.of(alerts.get(counsellor), starts.get(w))));
                                                }
                                                views.put(counsellor, ofCounsellor);
                                            }
                                            return views;
                                        })))));
    }

    /**
     * A counsellor's view in every window with its JSON (alliance-metrics' data) and the count of
     * changes it was computed after: read before the figures, so that a change committed meanwhile
     * leaves the stored view stale rather than passing for seen.
     */
    public record Computed(CounsellorMetrics metrics, CounsellorViewRows.ViewJson row) {}

    /** The views of these counsellors, in their order: six statements for all. Within the caller's transaction. */
    public Uni<List<Computed>> compute(List<UUID> counsellors) {
        return stored.changes(counsellors).chain(seen -> allWindows(counsellors).map(views -> views.stream()
                .map(view -> new Computed(view, new CounsellorViewRows.ViewJson(view.counsellorId(), seen.get(view.counsellorId()),
                        view.asOf(), write(view)))).toList()));
    }

    /** Stores computed views for the list and the export (a view computed after fewer changes never replaces one): one statement. */
    @WithTransaction
    public Uni<Void> store(List<Computed> computed) {
        return stored.store(rows(computed));
    }

    private static List<CounsellorViewRows.ViewJson> rows(List<Computed> computed) {
        return computed.stream().map(Computed::row).toList();
    }

    /**
     * A page of every counsellor's view of the window, sorted in SQL by {@code sort} (a figure's
     * name, '-' first for descending; validated by the caller), from the stored views once the
     * stale ones are refreshed.
     */
    public Uni<CounsellorPage> page(Window window, String sort, int page, int size) {
        boolean descending = sort.startsWith("-");
        String figure = descending ? sort.substring(1) : sort;
        return refreshStale().chain(() -> Panache.withSession(() -> stored.count().chain(total ->
                stored.page(window.label(), figure, descending, (long) page * size, size).map(views ->
                        new CounsellorPage(window.label(), sort, page, size, total, views.stream().map(this::readView).toList())))));
    }

    /** Every counsellor's view of the window for the CSV: its outcome instruments, then the views a chunk at a time. */
    public record Export(List<String> instruments, Multi<List<CounsellorView>> chunks) {}

    public Uni<Export> export(Window window) {
        String label = window.label();
        return refreshStale().chain(() -> Panache.withSession(() -> stored.instruments(label)))
                .map(instruments -> new Export(Outcomes.ordered(instruments), chunksAfter(label, "")));
    }

    /**
     * The views after counsellor {@code after} ("" for the first), a chunk at a time: the next
     * chunk is read when this one has been taken, so at most one chunk waits while one is written.
     */
    private Multi<List<CounsellorView>> chunksAfter(String label, String after) {
        return Panache.withSession(() -> stored.chunk(label, after, EXPORT_CHUNK)).onItem().transformToMulti(chunk -> {
            exportChunks.increment();
            if (chunk.isEmpty()) {
                return Multi.createFrom().empty();
            }
            String last = chunk.get(chunk.size() - 1).counsellorId();
            List<CounsellorView> views = chunk.stream().map(row -> readView(row.view())).toList();
            return Multi.createBy().concatenating().streams(Multi.createFrom().item(views),
                    Multi.createFrom().deferred(() -> chunksAfter(label, last)));
        });
    }

    /**
     * Brings the stored views up to date before a list or an export: the views behind a committed
     * change (the publisher stores them within its coalescing interval; a read in between must not
     * miss the change) and those of an earlier UTC day. At most {@value #REFRESH_ROUNDS} rounds of
     * {@value #REFRESH_CHUNK}: what is stale beyond that is shown as of its asOf.
     */
    Uni<Void> refreshStale() {
        return refreshRound(dayStart(now()), 0);
    }

    private Uni<Void> refreshRound(Instant dayStart, int round) {
        if (round >= REFRESH_ROUNDS) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> stored.stale(dayStart, REFRESH_CHUNK)).chain(stale -> stale.isEmpty()
                ? Uni.createFrom().voidItem()
                : Panache.withTransaction(() -> compute(stale)
                                .chain(computed -> stored.store(rows(computed))))
                        .chain(() -> refreshRound(dayStart, round + 1)));
    }

    private String write(CounsellorMetrics view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A counsellor view cannot be written as JSON", e);
        }
    }

    /** A stored view of one window; its outcomes in the order of the computed view (jsonb keeps keys its own way). */
    private CounsellorView readView(String text) {
        try {
            CounsellorView view = json.readValue(text, CounsellorView.class);
            Map<String, InstrumentOutcomes> outcomes = view.figures().outcomes();
            Map<String, InstrumentOutcomes> ordered = new LinkedHashMap<>();
            Outcomes.ordered(outcomes.keySet()).forEach(id -> ordered.put(id, outcomes.get(id)));
            return new CounsellorView(view.counsellorId(), view.window(), view.asOf(), view.figures().withOutcomes(ordered),
                    view.belowMinimum());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored counsellor view cannot be read", e);
        }
    }

    /** Every counsellor analytics has heard of. */
    @WithSession
    public Uni<List<UUID>> counsellors() {
        return sessions.counsellors();
    }

    /**
     * The organisation's figures: its day rows and clients' figure rows summed (constant memory
     * whatever the organisation's size), every safety alert once. No counsellor's view is computed:
     * open ruptures are counted per client, so the organisation's count is the count over all
     * clients; a safety alert is in the view of each counsellor of its client, and summing the views
     * would count it as often.
     */
    @WithSession
    public Uni<OrganisationView> summary(Window window) {
        Instant now = now();
        Instant since = window.since(now);
        return stored.count().chain(counsellors ->
                days.sumOfAll(window.firstDay(now)).chain(totals ->
                        sessions.activeClientsOfAll(since).chain(active ->
                                feedback.formClientsOfAll(since).chain(formClients ->
                                        clientFigures.sumsOfAll(window.firstDay(now)).chain(clients ->
                                                safety.all(since).map(alerts -> new OrganisationView(window.label(), now, counsellors,
                                                        figures(totals.figures(thresholds), active, formClients,
                                                                ClientFigures.of(clients, thresholds), SafetyFigures.of(alerts, since)))))))));
    }

    /**
     * The counsellor's open alerts: a rupture alert per open episode (the feedback that opened
     * it), a deterioration alert per client and outcome instrument whose latest form is reliably
     * worse than intake (the latest form), and every unresolved safety alert of a client the
     * counsellor has a session for (or whose form with them raised it). Newest first.
     */
    @WithSession
    public Uni<List<AlertView>> alerts(UUID counsellorId) {
        return histories.ofCounsellors(List.of(counsellorId)).chain(clients -> safety.unresolvedOf(counsellorId).map(unresolved -> {
            List<AlertView> alerts = new ArrayList<>();
            for (ClientState client : clients.get(counsellorId)) {
                client.alliance().forEach((instrument, state) -> Optional.ofNullable(state.open()).ifPresent(episode ->
                        alerts.add(AlertView.rupture(client.clientRef(), instrument, episode.feedback().feedbackId(),
                                episode.feedback().total(), episode.feedback().normalized(), episode.scoreBefore(),
                                episode.causes().stream().map(Enum::name).sorted().toList(), episode.feedback().submittedAt()))));
                client.outcomes().forEach((instrument, state) -> state.change()
                        .filter(OutcomeChange::deteriorated)
                        .ifPresent(change -> alerts.add(AlertView.deterioration(client.clientRef(), change))));
            }
            for (SafetyAlert alert : unresolved) {
                alerts.add(AlertView.safety(alert));
            }
            // Rows come in no order: ties (one instant) by client, instrument and type, the same on every read.
            alerts.sort(Comparator.comparing(AlertView::raisedAt).reversed().thenComparing(AlertView::clientRef)
                    .thenComparing(AlertView::instrumentId).thenComparing(AlertView::type));
            return alerts;
        }));
    }

    private CounsellorView view(UUID counsellorId, Window window, Instant now, DayTotals totals, long activeClients,
                                FeedbackFacts.FormClients formClients, Map<String, BigDecimal> clients, SafetyFigures safety) {
        WindowFigures f = totals.figures(thresholds);
        // Ruptures and outcomes are the clients' states' parts, never cut by the window: an
        // episode opens against the score before it, and change is measured from intake.
        ClientFigures c = ClientFigures.of(clients, thresholds);
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
        return new CounsellorView(counsellorId, window.label(), now, figures(f, activeClients, formClients, c, safety), below.figures());
    }

    /** A counsellor's figures or the organisation's: the same sums, counts and states, over their clients. */
    private static Figures figures(WindowFigures f, long activeClients, FeedbackFacts.FormClients formClients, ClientFigures c,
                                   SafetyFigures safety) {
        return new Figures(f.sessionsEnded(), f.sessionsCancelled(), f.noShows(), activeClients, f.feedbackRate(),
                f.allianceIndex(), f.allianceForms(), formClients.alliance(),
                f.bond(), f.goal(), f.task(), f.waiForms(), formClients.wai(),
                f.empathyIndex(), f.empathyForms(), formClients.empathy(), f.allianceTrend(),
                f.ruptures(), c.ruptureClients(), c.openRuptures(), f.repairRate(),
                safety.safetyAlerts(), safety.safetyEscalations(), safety.safetyMinutesToAcknowledge(),
                c.rates().clients(), c.rates().reliableImprovementRate(), c.rates().deteriorationRate(),
                c.rates().casesAtIntake(), c.rates().recoveryRate(), c.outcomes(),
                c.allianceOutcome().r(), c.allianceOutcome().clients());
    }

    private static Instant dayStart(Instant now) {
        return DayTotals.dayOf(now).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
