package dev.rapport.analytics.persistence;

import dev.rapport.analytics.domain.Caseness;
import dev.rapport.analytics.domain.ChangeDirection;
import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.domain.FeedbackScore;
import dev.rapport.analytics.domain.HistoryKey;
import dev.rapport.analytics.domain.InstrumentRules;
import dev.rapport.analytics.domain.ReliableChangeRule;
import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The feedback_fact table: every submitted form's scores, the client pseudonymous. */
@ApplicationScoped
public class FeedbackFacts {

    /** One stored form. */
    public record Fact(UUID feedbackId, UUID sessionId, UUID counsellorId, String clientRef, String instrumentId,
                       String construct, BigDecimal total, BigDecimal normalized, Map<String, BigDecimal> normalizedSubscales,
                       boolean scorable, boolean concern, InstrumentRules rules, Instant submittedAt) {

        /** The form in its history (scorable forms only). */
        public FeedbackScore score() {
            return new FeedbackScore(feedbackId, submittedAt, total, normalized, concern, rules);
        }
    }

    /**
     * A batch of forms (one row per feedback id); returns the ids stored now (not stored already).
     * The column safety_item is left to its default: see V5__safety_alert.sql. The same statement
     * moves each client's latest alliance, WAI-SR and empathy form forward (client_latest_form,
     * V11) from the forms stored now: GREATEST, so that order and replays do not matter.
     */
    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO feedback_fact (feedback_id, session_id, counsellor_id, client_ref, instrument_id, construct,
                                           total, normalized, bond, goal, task, scorable, concern, caseness_comparison,
                                           caseness_value, improvement, reliable_points, submitted_at)
                SELECT feedback_id, session_id, counsellor_id, client_ref, instrument_id, construct,
                       total, normalized, bond, goal, task, scorable, concern, caseness_comparison,
                       caseness_value, improvement, reliable_points, submitted_at
                  FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb))
                       AS r(feedback_id uuid, session_id uuid, counsellor_id uuid, client_ref varchar, instrument_id varchar,
                            construct varchar, total numeric, normalized numeric, bond numeric, goal numeric, task numeric,
                            scorable boolean, concern boolean, caseness_comparison varchar, caseness_value numeric,
                            improvement varchar, reliable_points numeric, submitted_at timestamptz)
                ON CONFLICT (feedback_id) DO NOTHING
                RETURNING feedback_id, counsellor_id, client_ref, construct, bond, scorable, submitted_at),
            latest AS (
                INSERT INTO client_latest_form AS l (counsellor_id, client_ref, alliance_at, wai_at, empathy_at)
                SELECT counsellor_id, client_ref,
                       max(submitted_at) FILTER (WHERE construct = 'alliance'),
                       max(submitted_at) FILTER (WHERE construct = 'alliance' AND bond IS NOT NULL),
                       max(submitted_at) FILTER (WHERE construct = 'empathy')
                  FROM inserted
                 WHERE scorable AND construct IN ('alliance', 'empathy')
                 GROUP BY counsellor_id, client_ref
                 ORDER BY counsellor_id, client_ref
                ON CONFLICT (counsellor_id, client_ref) DO UPDATE SET
                       alliance_at = GREATEST(l.alliance_at, excluded.alliance_at),
                       wai_at = GREATEST(l.wai_at, excluded.wai_at),
                       empathy_at = GREATEST(l.empathy_at, excluded.empathy_at))
            SELECT CAST(feedback_id AS varchar) FROM inserted
            """;
    private static final String COUNT_PER_SESSION = """
            SELECT session_id, count(*) FROM feedback_fact
             WHERE session_id IN (SELECT CAST(unnest(string_to_array(:sessions, ',')) AS uuid))
             GROUP BY session_id
            """;
    /**
     * The forms of the histories a batch touched: each history one scan of the history index (a
     * lateral subquery; {@code OFFSET 0} keeps the planner from flattening it). A plain join on the
     * keys' recordset, which the planner guesses at 100 rows, was planned as a sequential scan of
     * every form with a hash join while the table was young or its statistics stale: every batch
     * read the whole table (measured on 2026-12-03: 3,417 forms read for 2, 4.9 ms against 0.9 ms).
     */
    private static final String HISTORIES_OF = """
            SELECT f.counsellor_id, f.client_ref, f.instrument_id, f.feedback_id, f.submitted_at, f.total, f.normalized,
                   f.concern, f.caseness_comparison, f.caseness_value, f.improvement, f.reliable_points
              FROM (SELECT DISTINCT * FROM jsonb_to_recordset(CAST(CAST(:keys AS text) AS jsonb))
                                        AS k(counsellor_id uuid, client_ref varchar, instrument_id varchar)) k
             CROSS JOIN LATERAL (SELECT * FROM feedback_fact h
                                  WHERE h.counsellor_id = k.counsellor_id AND h.client_ref = k.client_ref
                                    AND h.instrument_id = k.instrument_id AND h.scorable OFFSET 0) f
             ORDER BY f.submitted_at, f.feedback_id
            """;
    private static final List<String> SUBSCALES = List.of(DayTotals.BOND, DayTotals.GOAL, DayTotals.TASK);
    private static final String OF_CLIENT = """
            SELECT feedback_id, session_id, counsellor_id, instrument_id, construct, total, normalized, bond, goal, task,
                   scorable, submitted_at, concern, caseness_comparison, caseness_value, improvement, reliable_points
              FROM feedback_fact WHERE client_ref = :ref
             ORDER BY submitted_at, feedback_id
            """;
    /**
     * The organisation's distinct clients with scorable forms submitted at or after :since, a
     * client once per counsellor: the counts beside allianceIndex (alliance), bond/goal/task (wai-sr
     * forms with subscales) and empathyIndex, from one row per counsellor and client
     * (client_latest_form: its latest form of a kind is in the window when any is).
     */
    private static final String CLIENT_COUNTS = """
            SELECT count(*) FILTER (WHERE alliance_at >= :since), count(*) FILTER (WHERE wai_at >= :since),
                   count(*) FILTER (WHERE empathy_at >= :since)
              FROM client_latest_form
            """;

    /**
     * A client counts in a window when their latest form of the kind is in it: one row per client
     * of the counsellor (client_latest_form), read once for every window, whatever the number of
     * forms (it grouped every form of the counsellor by client until 2026-12-04: 14 ms at 3,360
     * forms, growing with the history).
     */
    private static final String CLIENT_COUNTS_OF_WINDOW = "count(*) FILTER (WHERE alliance_at >= :since%1$d),"
            + " count(*) FILTER (WHERE wai_at >= :since%1$d), count(*) FILTER (WHERE empathy_at >= :since%1$d)";
    private static final int CLIENT_COUNTS_PER_WINDOW = 3;
    private static final String CLIENT_COUNTS_OF_COUNSELLORS = """
            SELECT counsellor_id, %s FROM client_latest_form
             WHERE %s AND GREATEST(alliance_at, wai_at, empathy_at) >= :from
             GROUP BY counsellor_id
            """;
    private static final FormClients NO_CLIENTS = new FormClients(0, 0, 0);

    /** Distinct clients of a window's alliance, wai-sr and empathy forms. */
    public record FormClients(long alliance, long wai, long empathy) {}

    /** The distinct clients of the organisation's forms from {@code since}. */
    public Uni<FormClients> formClientsOfAll(Instant since) {
        return Panache.getSession().chain(s -> s.createNativeQuery(CLIENT_COUNTS, Object[].class).setParameter("since", since)
                .getSingleResult())
                .map(row -> new FormClients(Rows.number(row[0]), Rows.number(row[1]), Rows.number(row[2])));
    }

    /** Per counsellor and window, the distinct clients of the counsellor's forms from its start: one statement for all. */
    public Uni<Map<UUID, List<FormClients>>> formClients(Collection<UUID> counsellors, List<Instant> starts) {
        String sql = CLIENT_COUNTS_OF_COUNSELLORS.formatted(PerWindow.each(CLIENT_COUNTS_OF_WINDOW, starts.size()), CounsellorBatch.ROWS);
        return Panache.getSession().chain(s -> PerWindow.bind(s.createNativeQuery(sql, Object[].class), counsellors, starts)
                .getResultList())
                .map(rows -> PerWindow.read(rows, counsellors, starts.size(), CLIENT_COUNTS_PER_WINDOW,
                        (columns, i) -> new FormClients(Rows.number(columns[i]), Rows.number(columns[i + 1]),
                                Rows.number(columns[i + 2])), NO_CLIENTS));
    }

    /** Stores a batch of forms, one per feedback id; returns the ids stored now (the others were stored already). */
    public Uni<Set<UUID>> insert(Collection<Fact> facts) {
        if (facts.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<Map<String, Object>> rows = facts.stream().map(FeedbackFacts::row).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(INSERT, String.class)
                .setParameter("rows", RecordSet.of(rows))
                .getResultList())
                .map(ids -> {
                    Set<UUID> inserted = new HashSet<>();
                    ids.forEach(id -> inserted.add(UUID.fromString(id)));
                    return inserted;
                });
    }

    private static Map<String, Object> row(Fact fact) {
        Map<String, Object> row = new HashMap<>();
        row.put("feedback_id", fact.feedbackId().toString());
        row.put("session_id", fact.sessionId().toString());
        row.put("counsellor_id", fact.counsellorId().toString());
        row.put("client_ref", fact.clientRef());
        row.put("instrument_id", fact.instrumentId());
        row.put("construct", fact.construct());
        // Only a scorable form's scores are kept.
        row.put("total", fact.scorable() ? fact.total() : null);
        row.put("normalized", fact.scorable() ? fact.normalized() : null);
        for (String subscale : SUBSCALES) {
            row.put(subscale, fact.scorable() ? fact.normalizedSubscales().get(subscale) : null);
        }
        row.put("scorable", fact.scorable());
        row.put("concern", fact.concern());
        Caseness caseness = fact.rules().caseness();
        row.put("caseness_comparison", caseness == null ? null : caseness.comparison());
        row.put("caseness_value", caseness == null ? null : caseness.value());
        ReliableChangeRule reliableChange = fact.rules().reliableChange();
        row.put("improvement", reliableChange == null ? null : reliableChange.improvement().name());
        row.put("reliable_points", reliableChange == null ? null : reliableChange.points());
        row.put("submitted_at", fact.submittedAt().toString());
        return row;
    }

    /** Every form of the client (an erasure's contributions to take back), in submission order. */
    public Uni<List<Fact>> ofClient(String clientRef) {
        return Panache.getSession().chain(s -> s.createNativeQuery(OF_CLIENT, Object[].class)
                .setParameter("ref", clientRef)
                .getResultList())
                .map(rows -> rows.stream().map(row -> {
                    Map<String, BigDecimal> subscales = new HashMap<>();
                    for (int i = 0; i < SUBSCALES.size(); i++) {
                        if (row[7 + i] != null) {
                            subscales.put(SUBSCALES.get(i), Rows.decimal(row[7 + i]));
                        }
                    }
                    return new Fact(Rows.uuid(row[0]), Rows.uuid(row[1]), Rows.uuid(row[2]), clientRef, (String) row[3],
                            (String) row[4], Rows.decimal(row[5]), Rows.decimal(row[6]), subscales, (Boolean) row[10],
                            (Boolean) row[12], rules(row, 13), Rows.instant(row[11]));
                }).toList());
    }

    /** Of these sessions, how many forms each has (a session without feedback is absent). */
    public Uni<Map<UUID, Long>> countPerSession(Collection<UUID> sessions) {
        if (sessions.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(COUNT_PER_SESSION, Object[].class)
                .setParameter("sessions", RecordSet.ids(sessions))
                .getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(Rows.uuid(row[0]), Rows.number(row[1])));
                    return counts;
                });
    }

    /** The scorable forms of each of these histories, in submission order (a history without any is absent). */
    public Uni<Map<HistoryKey, List<FeedbackScore>>> historiesOf(Collection<HistoryKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Map<String, Object>> rows = keys.stream().map(key -> Map.<String, Object>of(
                "counsellor_id", key.counsellorId().toString(),
                "client_ref", key.clientRef(),
                "instrument_id", key.instrumentId())).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(HISTORIES_OF, Object[].class)
                .setParameter("keys", RecordSet.of(rows))
                .getResultList())
                .map(result -> {
                    Map<HistoryKey, List<FeedbackScore>> histories = new HashMap<>();
                    result.forEach(row -> histories.computeIfAbsent(new HistoryKey(Rows.uuid(row[0]), (String) row[1], (String) row[2]),
                            key -> new ArrayList<>()).add(new FeedbackScore(Rows.uuid(row[3]), Rows.instant(row[4]),
                            Rows.decimal(row[5]), Rows.decimal(row[6]), (Boolean) row[7], rules(row, 8))));
                    return histories;
                });
    }

    /** Caseness comparison and value, improvement and points, from column {@code from} on. */
    private static InstrumentRules rules(Object[] row, int from) {
        Caseness caseness = row[from] == null ? null : new Caseness((String) row[from], Rows.decimal(row[from + 1]));
        ReliableChangeRule reliableChange = row[from + 2] == null ? null
                : new ReliableChangeRule(ChangeDirection.valueOf((String) row[from + 2]), Rows.decimal(row[from + 3]));
        return new InstrumentRules(caseness, reliableChange);
    }
}
