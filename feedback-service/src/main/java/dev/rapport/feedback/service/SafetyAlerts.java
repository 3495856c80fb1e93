package dev.rapport.feedback.service;

import dev.rapport.feedback.config.FeedbackConfig;
import dev.rapport.feedback.domain.RaisedRisk;
import dev.rapport.feedback.domain.SafetyAlertStatus;
import dev.rapport.feedback.domain.SafetyAlertStatus.IllegalAlertTransitionException;
import dev.rapport.feedback.domain.SafetyOutcome;
import dev.rapport.feedback.events.SafetyAlertEvents;
import dev.rapport.feedback.persistence.FeedbackRecord;
import dev.rapport.feedback.persistence.SafetyAlertRecord;
import dev.rapport.feedback.persistence.SessionProjection;
import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.audit.AuditLog;
import dev.rapport.platform.outbox.Outbox;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The safety pathway (docs/domain.md "The safety pathway"): an alert raised with the risk answer, seen by
 * every counsellor of the client and every supervisor, acknowledged and resolved only by a
 * person, escalated once when nobody has picked it up in time. Every step is announced on the
 * alerts topic through the outbox and written to the audit log.
 */
@ApplicationScoped
public class SafetyAlerts {

    static final String RESOURCE = "safety-alert";

    private final Outbox outbox;
    private final AuditLog audit;
    private final FeedbackConfig.Safety config;

    public SafetyAlerts(Outbox outbox, AuditLog audit, FeedbackConfig config) {
        this.outbox = outbox;
        this.audit = audit;
        this.config = config.safety();
    }

    public record AlertPage(List<SafetyAlertRecord> items, int page, int size, long total) {}

    /**
     * Raises an alert for each safety answer of a stored form; call it in the transaction that
     * stores the form, so that a form with a risk answer never exists without its alert.
     */
    Uni<List<SafetyAlertRecord>> raise(Caller client, FeedbackRecord feedback, List<RaisedRisk> risks) {
        List<SafetyAlertRecord> alerts = risks.stream().filter(RaisedRisk::isSafety)
                .map(risk -> SafetyAlertRecord.raise(feedback, risk.item(), risk.answer()))
                .toList();
        return each(alerts, alert -> audit.change(client, "raise", RESOURCE, alert.id),
                alert -> alert.<SafetyAlertRecord>persist().chain(() -> announce(alert, SafetyAlertEvents.RAISED, alert.raisedAt)));
    }

    /** The alerts a repeated submission (same Idempotency-Key) raised the first time. */
    Uni<List<SafetyAlertRecord>> raisedBy(UUID feedbackId) {
        return SafetyAlertRecord.list("feedbackId = ?1 order by item", feedbackId);
    }

    /** Newest first: a counsellor's clients' alerts, or every alert for supervisors and admins. */
    @WithSession
    public Uni<AlertPage> list(Caller caller, SafetyAlertStatus status, int page, int size) {
        StringBuilder query = new StringBuilder("from SafetyAlertRecord a where 1 = 1");
        Parameters params = new Parameters();
        if (!seesEveryAlert(caller)) {
            query.append(" and exists (from SessionProjection s where s.clientRef = a.clientRef and s.counsellorId = :caller)");
            params.and("caller", caller.id());
        }
        if (status != null) {
            query.append(" and a.status = :status");
            params.and("status", status);
        }
        PanacheQuery<SafetyAlertRecord> found = SafetyAlertRecord.find(query + " order by a.raisedAt desc, a.id", params);
        return found.page(Page.of(page, size)).list()
                .chain(items -> found.count().map(total -> new AlertPage(items, page, size, total)));
    }

    @WithSession
    public Uni<SafetyAlertRecord> find(Caller caller, UUID id) {
        return visibleTo(caller, id, LockModeType.NONE);
    }

    /** OPEN → ACKNOWLEDGED. The row is locked first, so of two at once one wins and the other hears 409. */
    @WithTransaction
    public Uni<SafetyAlertRecord> acknowledge(Caller caller, UUID id) {
        return visibleTo(caller, id, LockModeType.PESSIMISTIC_WRITE).chain(alert -> {
            Instant now = now();
            transition(() -> alert.acknowledge(caller.id(), now));
            audit.change(caller, "acknowledge", RESOURCE, id);
            return announce(alert, SafetyAlertEvents.ACKNOWLEDGED, now);
        });
    }

    /** OPEN or ACKNOWLEDGED → RESOLVED, with what was done; the note stays in this service. */
    @WithTransaction
    public Uni<SafetyAlertRecord> resolve(Caller caller, UUID id, SafetyOutcome outcome, String note) {
        return visibleTo(caller, id, LockModeType.PESSIMISTIC_WRITE).chain(alert -> {
            Instant now = now();
            transition(() -> alert.resolve(caller.id(), now, outcome, note == null || note.isBlank() ? null : note));
            audit.change(caller, "resolve", RESOURCE, id);
            return announce(alert, SafetyAlertEvents.RESOLVED, now);
        });
    }

    /**
     * Escalates the alerts still OPEN {@code escalateAfter} after they were raised, at most a
     * batch per call. Safe with any number of instances: the due rows are locked, and a row
     * another instance escalated meanwhile no longer matches when its lock is released
     * (PostgreSQL re-checks the condition), so each alert is escalated once; the escalation and
     * its event commit together, so a crash midway leaves the alert due for the next pass.
     */
    @WithTransaction
    public Uni<List<SafetyAlertRecord>> escalateDue(Instant now) {
        Instant cutoff = now.minus(config.escalateAfter());
        return SafetyAlertRecord.<SafetyAlertRecord>find(
                        "status = ?1 and escalatedAt is null and raisedAt <= ?2 order by raisedAt, id", SafetyAlertStatus.OPEN, cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(0, config.escalationBatch())
                .list()
                .chain(due -> each(due, alert -> audit.system("escalate", RESOURCE, alert.id), alert -> {
                    alert.escalate(now);
                    return announce(alert, SafetyAlertEvents.ESCALATED, now);
                }));
    }

    /** The alerts nobody has acknowledged yet: how many, and when the oldest was raised (null: none). */
    public record OpenAlerts(long count, Instant oldestRaisedAt) {}

    @WithSession
    public Uni<OpenAlerts> open() {
        return SafetyAlertRecord.count("status", SafetyAlertStatus.OPEN)
                .chain(count -> SafetyAlertRecord.<SafetyAlertRecord>find("status = ?1 order by raisedAt, id", SafetyAlertStatus.OPEN)
                        .firstResult()
                        .map(oldest -> new OpenAlerts(count, oldest == null ? null : oldest.raisedAt)));
    }

    /** Counsellors see the alerts of clients they have a session with (the alert follows the client). */
    public static boolean seesEveryAlert(Caller caller) {
        return caller.isAny(Roles.SUPERVISOR, Roles.ADMIN);
    }

    private Uni<SafetyAlertRecord> visibleTo(Caller caller, UUID id, LockModeType lock) {
        return SafetyAlertRecord.<SafetyAlertRecord>findById(id, lock).chain(alert -> {
            if (alert == null) {
                throw notFound(id);
            }
            if (seesEveryAlert(caller)) {
                return Uni.createFrom().item(alert);
            }
            return SessionProjection.count("clientRef = ?1 and counsellorId = ?2", alert.clientRef, caller.id()).map(sessions -> {
                if (sessions == 0) {
                    throw notFound(id);
                }
                return alert;
            });
        });
    }

    private Uni<SafetyAlertRecord> announce(SafetyAlertRecord alert, String type, Instant now) {
        return outbox.add(SafetyAlertEvents.changed(type, SafetyAlertEvents.SafetyAlert.of(alert, now))).replaceWith(alert);
    }

    /** One after the other in the session's transaction, never nested as deep as the list is long. */
    private static Uni<List<SafetyAlertRecord>> each(List<SafetyAlertRecord> alerts, Consumer<SafetyAlertRecord> audited,
                                                     Function<SafetyAlertRecord, Uni<SafetyAlertRecord>> step) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(alerts)
                .onItem().transformToUniAndConcatenate(alert -> step.apply(alert).invoke(audited))
                .collect().asList();
    }

    private static void transition(Runnable change) {
        try {
            change.run();
        } catch (IllegalAlertTransitionException e) {
            throw ProblemException.conflict(e.getMessage());
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No safety alert " + id);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
