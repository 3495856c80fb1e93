package dev.rapport.analytics.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.analytics.domain.Caseness;
import dev.rapport.analytics.domain.ChangeDirection;
import dev.rapport.analytics.domain.ClientState;
import dev.rapport.analytics.domain.DayTotals;
import dev.rapport.analytics.domain.FeedbackScore;
import dev.rapport.analytics.domain.HistoryBatch;
import dev.rapport.analytics.domain.HistoryKey;
import dev.rapport.analytics.domain.HistoryState;
import dev.rapport.analytics.domain.InstrumentRules;
import dev.rapport.analytics.domain.ReliableChangeRule;
import dev.rapport.analytics.domain.Rupture;
import dev.rapport.analytics.domain.RuptureCause;
import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/** The client_history table: one {@link HistoryState} per counsellor, client and instrument (V9__client_history.sql). */
@ApplicationScoped
public class ClientHistories {

    /** A counsellor's clients' states: one element per client. */
    public record CounsellorClients(UUID counsellorId, List<ClientState> clients) {}

    private static final String COLUMNS = """
            counsellor_id, client_ref, instrument_id, construct, forms, intake_id, intake_at, intake_total, intake_normalized,
            latest_id, latest_at, latest_total, latest_normalized, caseness_comparison, caseness_value, improvement,
            reliable_points, early, last_episode_at, open_id, open_at, open_total, open_normalized, open_score_before, open_causes""";
    private static final String TYPED = """
            counsellor_id uuid, client_ref varchar, instrument_id varchar, construct varchar, forms integer, intake_id uuid,
            intake_at timestamptz, intake_total numeric, intake_normalized numeric, latest_id uuid, latest_at timestamptz,
            latest_total numeric, latest_normalized numeric, caseness_comparison varchar, caseness_value numeric,
            improvement varchar, reliable_points numeric, early jsonb, last_episode_at timestamptz, open_id uuid,
            open_at timestamptz, open_total numeric, open_normalized numeric, open_score_before numeric, open_causes varchar""";
    private static final List<String> NAMES = Arrays.stream(COLUMNS.split(",")).map(String::strip).toList();
    /** The states of a batch, each replacing its history's row (rows in key order: concurrent batches lock in one order). */
    private static final String STORE = """
            INSERT INTO client_history (%1$s)
            SELECT %1$s FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(%2$s)
             ORDER BY counsellor_id, client_ref, instrument_id
            ON CONFLICT (counsellor_id, client_ref, instrument_id) DO UPDATE SET %3$s
            """.formatted(COLUMNS, TYPED, NAMES.stream().skip(3).map(c -> c + " = excluded." + c).collect(Collectors.joining(", ")));
    /** Rows of histories that have none yet: a live consumer's row, written meanwhile, wins. */
    private static final String STORE_MISSING = STORE.substring(0, STORE.indexOf("ON CONFLICT")) + "ON CONFLICT DO NOTHING";
    private static final String SELECT = "SELECT " + COLUMNS.replace("early,", "CAST(early AS text),") + " FROM client_history ";
    /** Unordered: a counsellor's figures are sums over their clients (exact, in any order); a sort of these wide rows spills to disk. */
    private static final String OF_COUNSELLORS = SELECT + "WHERE " + CounsellorBatch.ROWS;
    /** The next {@code :limit} clients (all their instruments) after (:counsellor, :client) in key order. */
    private static final String CHUNK = SELECT + """
            h JOIN (SELECT DISTINCT counsellor_id, client_ref FROM client_history
                     WHERE (counsellor_id, client_ref) > (:counsellor, :client)
                     ORDER BY counsellor_id, client_ref LIMIT :limit) c USING (counsellor_id, client_ref)
             ORDER BY counsellor_id, client_ref, instrument_id
            """;
    private static final String MISSING = """
            SELECT DISTINCT counsellor_id, client_ref, instrument_id, construct FROM feedback_fact f
             WHERE scorable AND construct IN ('alliance', 'outcome')
               AND NOT EXISTS (SELECT 1 FROM client_history h WHERE h.counsellor_id = f.counsellor_id
                               AND h.client_ref = f.client_ref AND h.instrument_id = f.instrument_id)
             LIMIT :limit
            """;
    /** The states of these (counsellor, client) pairs, all their instruments. */
    private static final String OF_CLIENTS = SELECT + """
            WHERE (counsellor_id, client_ref) IN (SELECT counsellor_id, client_ref
                   FROM jsonb_to_recordset(CAST(CAST(:pairs AS text) AS jsonb)) AS p(counsellor_id uuid, client_ref varchar))
            """;
    private static final String OF_CLIENT = SELECT + "WHERE client_ref = :ref";
    private static final String FORGET = "DELETE FROM client_history WHERE client_ref = :ref";
    private static final String BACKFILL_PENDING = "SELECT count(*) FROM client_history_backfill";
    private static final String BACKFILL_DONE = "DELETE FROM client_history_backfill";
    /** The nil UUID: PostgreSQL orders uuids by their unsigned bytes, so it is below every counsellor id. */
    private static final UUID FIRST = new UUID(0, 0);

    private final ObjectMapper json;

    public ClientHistories(ObjectMapper json) {
        this.json = json;
    }

    /** Replaces each history's state. */
    public Uni<Void> store(Collection<HistoryBatch.StateAfter> states) {
        return write(STORE, states);
    }

    /** Stores the states of histories that have none (a backfill: a state stored meanwhile is newer). */
    public Uni<Void> storeMissing(Collection<HistoryBatch.StateAfter> states) {
        return write(STORE_MISSING, states);
    }

    private Uni<Void> write(String sql, Collection<HistoryBatch.StateAfter> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = states.stream().map(ClientHistories::row).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(sql).setParameter("rows", RecordSet.of(rows)).executeUpdate())
                .replaceWithVoid();
    }

    /** Up to {@code limit} histories with scorable forms and no state, each with whether it is an alliance history. */
    public Uni<Map<HistoryKey, Boolean>> missing(int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery(MISSING, Object[].class).setParameter("limit", limit).getResultList())
                .map(rows -> {
                    Map<HistoryKey, Boolean> missing = new LinkedHashMap<>();
                    rows.forEach(row -> missing.put(new HistoryKey(Rows.uuid(row[0]), (String) row[1], (String) row[2]),
                            DayTotals.ALLIANCE.equals(row[3])));
                    return missing;
                });
    }

    /** Whether forms stored before this table may still lack their state (V10__client_history_backfill.sql). */
    public Uni<Boolean> backfillPending() {
        return Panache.getSession().chain(s -> s.createNativeQuery(BACKFILL_PENDING, Long.class).getSingleResult())
                .map(rows -> rows > 0);
    }

    /** Every form stored before this table has its state. */
    public Uni<Void> backfillDone() {
        return Panache.getSession().chain(s -> s.createNativeQuery(BACKFILL_DONE).executeUpdate()).replaceWithVoid();
    }

    /** Per counsellor, their clients' states, one per client (none: an empty list). */
    public Uni<Map<UUID, List<ClientState>>> ofCounsellors(Collection<UUID> counsellors) {
        return Panache.getSession().chain(s -> CounsellorBatch.bind(s.createNativeQuery(OF_COUNSELLORS, Object[].class), counsellors)
                .getResultList())
                .map(rows -> {
                    Map<UUID, List<ClientState>> perCounsellor = new HashMap<>();
                    clients(rows).forEach(c -> perCounsellor.put(c.counsellorId(), c.clients()));
                    return CounsellorBatch.complete(perCounsellor, counsellors, List.of());
                });
    }

    /** A counsellor's client. */
    public record Pair(UUID counsellorId, String clientRef) {}

    /** The states of these counsellors' clients (all their instruments); a pair without any has none in the map. */
    public Uni<Map<Pair, ClientState>> ofClients(Collection<Pair> pairs) {
        if (pairs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Map<String, Object>> records = pairs.stream()
                .map(p -> Map.<String, Object>of("counsellor_id", p.counsellorId().toString(), "client_ref", p.clientRef())).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(OF_CLIENTS, Object[].class)
                .setParameter("pairs", RecordSet.of(records)).getResultList())
                .map(rows -> {
                    Map<Pair, ClientState> states = new HashMap<>();
                    clients(rows).forEach(c -> c.clients().forEach(client ->
                            states.put(new Pair(c.counsellorId(), client.clientRef()), client)));
                    return states;
                });
    }

    /** The client's states with every counsellor they have one with. */
    public Uni<List<CounsellorClients>> ofClient(String clientRef) {
        return Panache.getSession().chain(s -> s.createNativeQuery(OF_CLIENT, Object[].class).setParameter("ref", clientRef)
                .getResultList())
                .map(this::clients);
    }

    /**
     * The states of the next {@code limit} clients after {@code after} (null for the first
     * chunk), per counsellor in id order; empty at the end.
     */
    public Uni<List<CounsellorClients>> chunk(CounsellorClients after, int limit) {
        UUID counsellor = after == null ? FIRST : after.counsellorId();
        String client = after == null ? "" : after.clients().get(after.clients().size() - 1).clientRef();
        return Panache.getSession().chain(s -> s.createNativeQuery(CHUNK, Object[].class)
                .setParameter("counsellor", counsellor).setParameter("client", client).setParameter("limit", limit)
                .getResultList())
                .map(this::clients);
    }

    /** Forgets the client's states (an erasure). */
    public Uni<Void> forget(String clientRef) {
        return Panache.getSession().chain(s -> s.createNativeQuery(FORGET).setParameter("ref", clientRef).executeUpdate())
                .replaceWithVoid();
    }

    private List<CounsellorClients> clients(List<Object[]> rows) {
        record Histories(Map<String, HistoryState> alliance, Map<String, HistoryState> outcomes) {}
        Map<UUID, Map<String, Histories>> grouped = new LinkedHashMap<>();
        for (Object[] row : rows) {
            HistoryState state = state(row);
            Histories histories = grouped.computeIfAbsent(Rows.uuid(row[0]), k -> new LinkedHashMap<>())
                    .computeIfAbsent((String) row[1], k -> new Histories(new TreeMap<>(), new TreeMap<>()));
            (DayTotals.ALLIANCE.equals(row[3]) ? histories.alliance() : histories.outcomes()).put(state.instrumentId(), state);
        }
        List<CounsellorClients> result = new ArrayList<>();
        grouped.forEach((counsellor, byClient) -> {
            List<ClientState> clients = new ArrayList<>();
            byClient.forEach((ref, histories) -> clients.add(new ClientState(ref, histories.alliance(), histories.outcomes())));
            result.add(new CounsellorClients(counsellor, clients));
        });
        return result;
    }

    private HistoryState state(Object[] row) {
        InstrumentRules rules = new InstrumentRules(
                row[13] == null ? null : new Caseness((String) row[13], Rows.decimal(row[14])),
                row[15] == null ? null : new ReliableChangeRule(ChangeDirection.valueOf((String) row[15]), Rows.decimal(row[16])));
        Rupture open = row[19] == null ? null : new Rupture(
                new FeedbackScore(Rows.uuid(row[19]), Rows.instant(row[20]), Rows.decimal(row[21]), Rows.decimal(row[22]), false, null),
                Rows.decimal(row[23]),
                Arrays.stream(((String) row[24]).split(",")).map(RuptureCause::valueOf).collect(Collectors.toSet()), null);
        return new HistoryState((String) row[2], ((Number) row[4]).intValue(),
                new FeedbackScore(Rows.uuid(row[5]), Rows.instant(row[6]), Rows.decimal(row[7]), Rows.decimal(row[8]), false, null),
                new FeedbackScore(Rows.uuid(row[9]), Rows.instant(row[10]), Rows.decimal(row[11]), Rows.decimal(row[12]), false, null),
                rules, early((String) row[17]), Rows.instantOrNull(row[18]), open);
    }

    private List<FeedbackScore> early(String text) {
        try {
            List<FeedbackScore> early = new ArrayList<>();
            for (JsonNode form : json.readTree(text)) {
                early.add(new FeedbackScore(UUID.fromString(form.get("id").asText()), Instant.parse(form.get("at").asText()),
                        new BigDecimal(form.get("total").asText()), new BigDecimal(form.get("normalized").asText())));
            }
            return early;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("client_history.early cannot be read", e);
        }
    }

    private static Map<String, Object> row(HistoryBatch.StateAfter stored) {
        HistoryState state = stored.state();
        Map<String, Object> row = new HashMap<>();
        row.put("counsellor_id", stored.history().counsellorId().toString());
        row.put("client_ref", stored.history().clientRef());
        row.put("instrument_id", stored.history().instrumentId());
        row.put("construct", stored.alliance() ? DayTotals.ALLIANCE : "outcome");
        row.put("forms", state.forms());
        form(row, "intake_", state.intake());
        form(row, "latest_", state.latest());
        Caseness caseness = state.rules().caseness();
        row.put("caseness_comparison", caseness == null ? null : caseness.comparison());
        row.put("caseness_value", caseness == null ? null : caseness.value());
        ReliableChangeRule reliableChange = state.rules().reliableChange();
        row.put("improvement", reliableChange == null ? null : reliableChange.improvement().name());
        row.put("reliable_points", reliableChange == null ? null : reliableChange.points());
        // Numbers as strings: exact whatever the JSON reader does with them.
        row.put("early", state.early().stream().map(f -> Map.of("id", f.feedbackId().toString(), "at", f.submittedAt().toString(),
                "total", f.total().toPlainString(), "normalized", f.normalized().toPlainString())).toList());
        row.put("last_episode_at", state.lastEpisodeAt() == null ? null : state.lastEpisodeAt().toString());
        Rupture open = state.open();
        form(row, "open_", open == null ? null : open.feedback());
        row.put("open_score_before", open == null ? null : open.scoreBefore());
        row.put("open_causes", open == null ? null : open.causes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        return row;
    }

    private static void form(Map<String, Object> row, String prefix, FeedbackScore form) {
        row.put(prefix + "id", form == null ? null : form.feedbackId().toString());
        row.put(prefix + "at", form == null ? null : form.submittedAt().toString());
        row.put(prefix + "total", form == null ? null : form.total());
        row.put(prefix + "normalized", form == null ? null : form.normalized());
    }
}
