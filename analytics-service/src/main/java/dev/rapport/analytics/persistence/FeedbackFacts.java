package dev.rapport.analytics.persistence;

import dev.rapport.analytics.domain.FeedbackScore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The feedback_fact table: every submitted form's scores and flags, the client pseudonymous. */
@ApplicationScoped
public class FeedbackFacts {

    /** One stored form. */
    public record Fact(UUID feedbackId, UUID sessionId, UUID counsellorId, String clientRef, String instrumentId,
                       String construct, BigDecimal total, BigDecimal normalized, boolean scorable, boolean safetyItem,
                       Instant submittedAt) {

        public FeedbackScore score() {
            return new FeedbackScore(feedbackId, submittedAt, total, normalized);
        }
    }

    /** A scorable alliance or outcome form with whose history it belongs to. */
    public record HistoryRow(UUID counsellorId, String clientRef, String instrumentId, String construct, FeedbackScore score) {}

    private static final String INSERT = """
            INSERT INTO feedback_fact (feedback_id, session_id, counsellor_id, client_ref, instrument_id, construct,
                                       total, normalized, scorable, safety_item, submitted_at)
            VALUES (:id, :session, :counsellor, :client, :instrument, :construct, CASE WHEN :scorable THEN CAST(:total AS numeric) END,
                    CASE WHEN :scorable THEN CAST(:normalized AS numeric) END, :scorable, :safety, :submitted)
            ON CONFLICT (feedback_id) DO NOTHING
            """;
    private static final String OTHERS_OF_SESSION = "SELECT count(*) FROM feedback_fact WHERE session_id = :session AND feedback_id <> :id";
    private static final String HISTORY = """
            SELECT feedback_id, submitted_at, total, normalized FROM feedback_fact
             WHERE counsellor_id = :counsellor AND client_ref = :client AND instrument_id = :instrument AND scorable
             ORDER BY submitted_at, feedback_id
            """;
    private static final String HISTORIES = """
            SELECT counsellor_id, client_ref, instrument_id, construct, feedback_id, submitted_at, total, normalized
              FROM feedback_fact
             WHERE scorable AND construct IN ('alliance', 'outcome') %s
             ORDER BY submitted_at, feedback_id
            """;
    /*
     * A safety alert is open while the latest form of that client on that instrument carries
     * SAFETY_ITEM: a later form of the same instrument without it closes the alert.
     */
    private static final String OPEN_SAFETY = """
            SELECT counsellor_id, client_ref, instrument_id, feedback_id, submitted_at, total, normalized FROM (
                SELECT DISTINCT ON (counsellor_id, client_ref, instrument_id) *
                  FROM feedback_fact f
                 WHERE %s
                   AND EXISTS (SELECT 1 FROM feedback_fact s WHERE s.safety_item AND s.counsellor_id = f.counsellor_id
                                  AND s.client_ref = f.client_ref AND s.instrument_id = f.instrument_id)
                 ORDER BY counsellor_id, client_ref, instrument_id, submitted_at DESC, feedback_id DESC) latest
             WHERE safety_item
            """;

    /** Stores the form; false when it was stored already (the same feedback under another event id). */
    public Uni<Boolean> insert(Fact fact) {
        return Panache.getSession().chain(s -> s.createNativeQuery(INSERT)
                .setParameter("id", fact.feedbackId())
                .setParameter("session", fact.sessionId())
                .setParameter("counsellor", fact.counsellorId())
                .setParameter("client", fact.clientRef())
                .setParameter("instrument", fact.instrumentId())
                .setParameter("construct", fact.construct())
                // Only a scorable form's scores are kept; the zero placeholders avoid binding untyped nulls.
                .setParameter("total", fact.scorable() ? fact.total() : BigDecimal.ZERO)
                .setParameter("normalized", fact.scorable() ? fact.normalized() : BigDecimal.ZERO)
                .setParameter("scorable", fact.scorable())
                .setParameter("safety", fact.safetyItem())
                .setParameter("submitted", fact.submittedAt())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Whether the session has feedback other than this one. */
    public Uni<Boolean> sessionHasOtherFeedback(UUID session, UUID feedbackId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(OTHERS_OF_SESSION, Long.class)
                .setParameter("session", session)
                .setParameter("id", feedbackId)
                .getSingleResult())
                .map(count -> count > 0);
    }

    /** Whether the session has any feedback. */
    public Uni<Boolean> sessionHasFeedback(UUID session) {
        return sessionHasOtherFeedback(session, new UUID(0, 0));
    }

    /** The scorable forms of one client with one counsellor on one instrument, in submission order. */
    public Uni<List<FeedbackScore>> history(UUID counsellor, String clientRef, String instrumentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(HISTORY, Object[].class)
                .setParameter("counsellor", counsellor)
                .setParameter("client", clientRef)
                .setParameter("instrument", instrumentId)
                .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new FeedbackScore(Rows.uuid(row[0]), Rows.instant(row[1]), Rows.decimal(row[2]), Rows.decimal(row[3])))
                        .toList());
    }

    /** Scorable alliance and outcome forms of one counsellor (or everyone's with null), in submission order. */
    public Uni<List<HistoryRow>> histories(UUID counsellorOrNull) {
        return list(HISTORIES.formatted(counsellorOrNull == null ? "" : "AND counsellor_id = :counsellor"), counsellorOrNull)
                .map(rows -> rows.stream().map(row -> new HistoryRow(Rows.uuid(row[0]), (String) row[1], (String) row[2], (String) row[3],
                        new FeedbackScore(Rows.uuid(row[4]), Rows.instant(row[5]), Rows.decimal(row[6]), Rows.decimal(row[7])))).toList());
    }

    /** Open safety alerts of one counsellor (or everyone's with null): the flagged latest forms. */
    public Uni<List<HistoryRow>> openSafetyAlerts(UUID counsellorOrNull) {
        return list(OPEN_SAFETY.formatted(counsellorOrNull == null ? "TRUE" : "counsellor_id = :counsellor"), counsellorOrNull)
                .map(rows -> rows.stream().map(row -> new HistoryRow(Rows.uuid(row[0]), (String) row[1], (String) row[2], "outcome",
                        new FeedbackScore(Rows.uuid(row[3]), Rows.instant(row[4]), Rows.decimalOrZero(row[5]), Rows.decimalOrZero(row[6])))).toList());
    }

    /** Per counsellor, how many open safety alerts. */
    public static Map<UUID, Long> countPerCounsellor(List<HistoryRow> alerts) {
        Map<UUID, Long> counts = new HashMap<>();
        alerts.forEach(alert -> counts.merge(alert.counsellorId(), 1L, Long::sum));
        return counts;
    }

    private static Uni<List<Object[]>> list(String sql, UUID counsellorOrNull) {
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql, Object[].class);
            if (counsellorOrNull != null) {
                query.setParameter("counsellor", counsellorOrNull);
            }
            return query.getResultList();
        });
    }
}
