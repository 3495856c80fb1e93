package dev.rapport.analytics.persistence;

import dev.rapport.analytics.domain.SafetyAlert;
import dev.rapport.analytics.domain.SafetyStatus;
import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The safety_alert table: feedback-service's safety alerts as analytics has heard of them, and
 * whose they are. An alert is the counsellor's whose session's form raised it, and every other
 * counsellor's with a session for that client (counsellor_client): the alert follows the client.
 */
@ApplicationScoped
public class SafetyAlertRows {

    private static final String LOCK = AdvisoryLocks.SAFETY_ALERT.eachOf("alerts");

    private static final String COLUMNS = "alert_id, feedback_id, counsellor_id, client_ref, instrument_id, status, raised_at, "
            + "acknowledged_at, escalated_at, resolved_at";
    private static final String FIND = "SELECT " + COLUMNS + " FROM safety_alert"
            + " WHERE alert_id IN (SELECT CAST(unnest(string_to_array(:alerts, ',')) AS uuid))";
    /** The states are merged already (under the alerts' locks): a row is replaced by its merge. */
    private static final String UPSERT = """
            INSERT INTO safety_alert (%1$s)
            SELECT %1$s
              FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb))
                   AS r(alert_id uuid, feedback_id uuid, counsellor_id uuid, client_ref varchar, instrument_id varchar,
                        status varchar, raised_at timestamptz, acknowledged_at timestamptz, escalated_at timestamptz,
                        resolved_at timestamptz)
             ORDER BY alert_id
            ON CONFLICT (alert_id) DO UPDATE
               SET status = excluded.status, raised_at = excluded.raised_at, acknowledged_at = excluded.acknowledged_at,
                   escalated_at = excluded.escalated_at, resolved_at = excluded.resolved_at
            """.formatted(COLUMNS);
    private static final String COUNSELLORS_OF_CLIENTS = """
            SELECT DISTINCT s.counsellor_id FROM counsellor_client s
              JOIN (SELECT DISTINCT client_ref FROM jsonb_to_recordset(CAST(CAST(:clients AS text) AS jsonb))
                                                    AS c(client_ref varchar)) c ON c.client_ref = s.client_ref
            """;

    /*
     * The alerts a window's figures need (SafetyFigures): unresolved ones (safetyAlerts), and
     * those raised or escalated in the window; resolved alerts of long ago are not read.
     */
    private static final String NEEDED = "(status <> '" + SafetyStatus.RESOLVED.name() + "' OR raised_at >= :since OR escalated_at >= :since)";
    /** Per counsellor of the batch (the first column), the alerts of their clients that meet a condition (%2$s). */
    private static final String OF_COUNSELLORS = """
            SELECT counsellor_id AS viewer, %1$s FROM safety_alert WHERE %3$s AND %2$s
            UNION
            SELECT c.counsellor_id, %4$s FROM counsellor_client c JOIN safety_alert a ON a.client_ref = c.client_ref
             WHERE c.%3$s AND %2$s
            """;
    private static final String PER_COUNSELLOR = """
            WITH needed AS (SELECT %1$s FROM safety_alert WHERE %2$s)
            SELECT counsellor_id AS viewer, %1$s FROM needed
            UNION
            SELECT s.counsellor_id, %3$s FROM needed n JOIN counsellor_client s ON s.client_ref = n.client_ref
            """.formatted(COLUMNS, NEEDED, "n." + COLUMNS.replace(", ", ", n."));
    private static final String ALL = "SELECT " + COLUMNS + " FROM safety_alert WHERE " + NEEDED;

    /**
     * Locks these alerts for the rest of the transaction, in one statement and one order: a
     * batch reads, merges and writes its alerts without another writer in between.
     */
    public Uni<Void> lock(Collection<UUID> alerts) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LOCK, Long.class)
                .setParameter("alerts", RecordSet.ids(alerts))
                .getSingleResult()).replaceWithVoid();
    }

    /** Of these alerts, those stored, by id. */
    public Uni<Map<UUID, SafetyAlert>> find(Collection<UUID> alerts) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(FIND, Object[].class)
                .setParameter("alerts", RecordSet.ids(alerts))
                .getResultList())
                .map(rows -> {
                    Map<UUID, SafetyAlert> found = new HashMap<>();
                    rows.forEach(row -> {
                        SafetyAlert alert = alert(row, 0);
                        found.put(alert.alertId(), alert);
                    });
                    return found;
                });
    }

    /** Stores these alerts' states, replacing what is stored of them. */
    public Uni<Void> upsert(Collection<SafetyAlert> alerts) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = alerts.stream().map(SafetyAlertRows::row).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT)
                .setParameter("rows", RecordSet.of(rows))
                .executeUpdate()).replaceWithVoid();
    }

    private static Map<String, Object> row(SafetyAlert alert) {
        Map<String, Object> row = new HashMap<>();
        row.put("alert_id", alert.alertId().toString());
        row.put("feedback_id", alert.feedbackId().toString());
        row.put("counsellor_id", alert.counsellorId().toString());
        row.put("client_ref", alert.clientRef());
        row.put("instrument_id", alert.instrumentId());
        row.put("status", alert.status().name());
        row.put("raised_at", alert.raisedAt().toString());
        row.put("acknowledged_at", text(alert.acknowledgedAt()));
        row.put("escalated_at", text(alert.escalatedAt()));
        row.put("resolved_at", text(alert.resolvedAt()));
        return row;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The counsellors who see these alerts: each alert's own, and every counsellor with a session for its client. */
    public Uni<Set<UUID>> counsellorsOf(Collection<SafetyAlert> alerts) {
        Set<UUID> counsellors = new HashSet<>();
        alerts.forEach(alert -> counsellors.add(alert.counsellorId()));
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(counsellors);
        }
        List<Map<String, Object>> clients = alerts.stream().map(alert -> Map.<String, Object>of("client_ref", alert.clientRef())).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(COUNSELLORS_OF_CLIENTS, UUID.class)
                .setParameter("clients", RecordSet.of(clients))
                .getResultList())
                .map(ids -> {
                    counsellors.addAll(ids);
                    return counsellors;
                });
    }

    /** Per counsellor, the alerts of their clients that the figures of a window from {@code since} need (none: an empty list). */
    public Uni<Map<UUID, List<SafetyAlert>>> ofCounsellors(Collection<UUID> counsellors, Instant since) {
        return ofCounsellors(counsellors, NEEDED, since);
    }

    /** The unresolved alerts of the counsellor's clients. */
    public Uni<List<SafetyAlert>> unresolvedOf(UUID counsellor) {
        return ofCounsellors(List.of(counsellor), "status <> '" + SafetyStatus.RESOLVED.name() + "'", null).map(alerts -> alerts.get(counsellor));
    }

    private Uni<Map<UUID, List<SafetyAlert>>> ofCounsellors(Collection<UUID> counsellors, String condition, Instant since) {
        String sql = OF_COUNSELLORS.formatted(COLUMNS, condition, CounsellorBatch.ROWS, "a." + COLUMNS.replace(", ", ", a."));
        return Panache.getSession().chain(s -> {
            var query = CounsellorBatch.bind(s.createNativeQuery(sql, Object[].class), counsellors);
            return (since == null ? query : query.setParameter("since", since)).getResultList();
        }).map(rows -> {
            Map<UUID, List<SafetyAlert>> alerts = new HashMap<>();
            rows.forEach(row -> alerts.computeIfAbsent(Rows.uuid(row[0]), k -> new ArrayList<>()).add(alert(row, 1)));
            return CounsellorBatch.complete(alerts, counsellors, List.of());
        });
    }

    /** Per counsellor, the alerts of their clients that the figures of a window from {@code since} need (a counsellor without any is absent). */
    public Uni<Map<UUID, List<SafetyAlert>>> perCounsellor(Instant since) {
        return Panache.getSession().chain(s -> s.createNativeQuery(PER_COUNSELLOR, Object[].class)
                .setParameter("since", since)
                .getResultList())
                .map(rows -> {
                    Map<UUID, List<SafetyAlert>> alerts = new LinkedHashMap<>();
                    rows.forEach(row -> alerts.computeIfAbsent(Rows.uuid(row[0]), k -> new ArrayList<>()).add(alert(row, 1)));
                    return alerts;
                });
    }

    /** Every alert that the organisation's figures of a window from {@code since} need, each once. */
    public Uni<List<SafetyAlert>> all(Instant since) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ALL, Object[].class)
                .setParameter("since", since)
                .getResultList())
                .map(rows -> rows.stream().map(row -> alert(row, 0)).toList());
    }

    private static SafetyAlert alert(Object[] row, int from) {
        int i = from;
        return new SafetyAlert(Rows.uuid(row[i++]), Rows.uuid(row[i++]), Rows.uuid(row[i++]), (String) row[i++], (String) row[i++],
                SafetyStatus.valueOf((String) row[i++]), Rows.instant(row[i++]), Rows.instantOrNull(row[i++]),
                Rows.instantOrNull(row[i++]), Rows.instantOrNull(row[i]));
    }
}
