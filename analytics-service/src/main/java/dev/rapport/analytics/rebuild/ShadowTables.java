package dev.rapport.analytics.rebuild;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.analytics.events.Alerts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rebuild's shadow of the analytics state: the schema {@value #SCHEMA} holds a copy of each
 * state table's structure (columns, keys, indexes), filled by the same recorders as the live
 * tables (the search path of a rebuild transaction puts the schema first), and alerts held back.
 * The switch-over drops each live table and moves its shadow into the live schema, under the
 * live indexes' names, in one transaction.
 */
@ApplicationScoped
public class ShadowTables {

    public static final String SCHEMA = "analytics_rebuild";
    /**
     * Every table whose rows follow from session-events and feedback-events alone (not
     * safety_alert, a projection of feedback-service's alerts: see {@code Rebuild}), and
     * client_figure_backfill, whose shadow stays empty: the rebuilt figure rows need no backfill.
     */
    public static final List<String> STATE = List.of("session_fact", "counsellor_day", "feedback_fact", "client_history",
            "client_latest_form", "counsellor_client", "client_figure_day", "client_figure_backfill");

    private static final String PENDING_ALERT = """
            INSERT INTO %s.pending_alert (consumer, event_id, id, topic, record_key, event_type, subject, payload, occurred_at)
            VALUES (:consumer, :event, :id, :topic, :key, :type, :subject, :payload, :occurred)
            """.formatted(SCHEMA);
    private static final String INDEXES = """
            SELECT n.nspname, ci.relname, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
              JOIN pg_class ci ON ci.oid = i.indexrelid
              JOIN pg_class ct ON ct.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = ct.relnamespace
             WHERE ct.relname = $1 AND n.nspname = ANY($2)
            """;

    private final Pool pool;
    private final ObjectMapper json;

    public ShadowTables(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** The schema the live tables are in (the first of the search path). */
    public Uni<String> liveSchema() {
        return pool.query("SELECT current_schema()").execute().map(rows -> rows.iterator().next().getString(0));
    }

    /** An empty shadow, whatever a failed rebuild left behind. */
    public Uni<Void> prepare(String live) {
        List<String> ddl = new ArrayList<>();
        ddl.add("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        ddl.add("CREATE SCHEMA " + SCHEMA);
        STATE.forEach(table -> ddl.add("CREATE TABLE %s.%s (LIKE %s.%s INCLUDING ALL)".formatted(SCHEMA, table, live, table)));
        // The alerts the replayed events raise: published at the switch-over only for events no
        // live consumer has processed (the others raised theirs already).
        ddl.add("""
                CREATE TABLE %s.pending_alert (
                    seq bigserial PRIMARY KEY, consumer varchar(100) NOT NULL, event_id uuid NOT NULL, id uuid NOT NULL,
                    topic varchar(200) NOT NULL, record_key varchar(200) NOT NULL, event_type varchar(200) NOT NULL,
                    subject varchar(200) NOT NULL, payload text NOT NULL, occurred_at timestamptz NOT NULL)
                """.formatted(SCHEMA));
        return pool.withTransaction(connection -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String statement : ddl) {
                chain = chain.chain(() -> connection.query(statement).execute()).replaceWithVoid();
            }
            return chain;
        });
    }

    public Uni<Void> discard() {
        return pool.query("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").execute().replaceWithVoid();
    }

    public Uni<Void> analyze() {
        return pool.query("ANALYZE " + String.join(", ", STATE.stream().map(t -> SCHEMA + "." + t).toList())).execute().replaceWithVoid();
    }

    /** In the current (Hibernate) transaction: unqualified table names mean the shadow's from now on. */
    public Uni<Void> use(String live) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT set_config('search_path', :path, true)", String.class)
                .setParameter("path", SCHEMA + ", " + live)
                .getSingleResult()).replaceWithVoid();
    }

    /** Holds a replayed event's alert back (in the current transaction). */
    public Uni<Void> holdBack(String consumer, UUID eventId, String type, Alerts.Raisable alert) {
        String payload;
        try {
            payload = json.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An alert cannot be written as JSON", e);
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(PENDING_ALERT)
                .setParameter("consumer", consumer)
                .setParameter("event", eventId)
                .setParameter("id", UUID.randomUUID())
                .setParameter("topic", Alerts.TOPIC)
                .setParameter("key", alert.counsellorId().toString())
                .setParameter("type", type)
                .setParameter("subject", alert.feedbackId().toString())
                .setParameter("payload", payload)
                .setParameter("occurred", alert.raisedAt())
                .executeUpdate()).replaceWithVoid();
    }

    /** Drops the held-back alerts that name an erased client (in the current transaction). */
    public Uni<Void> forgetHeldBack(String clientRef) {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM " + SCHEMA + ".pending_alert WHERE payload LIKE :pattern")
                .setParameter("pattern", "%" + clientRef + "%")
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * The switch-over's statements, for one transaction taken while no live consumer can commit:
     * publish the held-back alerts of events no live consumer processed, then replace each live
     * table by its shadow and give the shadow's indexes the live ones' names (so that later
     * migrations find them), then drop the shadow schema.
     */
    public Uni<List<String>> switchOver(String live) {
        Uni<List<String>> statements = Uni.createFrom().item(new ArrayList<>(List.of("""
                INSERT INTO %1$s.outbox_event (id, topic, record_key, event_type, subject, payload, occurred_at)
                SELECT id, topic, record_key, event_type, subject, payload, occurred_at FROM %2$s.pending_alert a
                 WHERE NOT EXISTS (SELECT 1 FROM %1$s.processed_event p WHERE p.consumer = a.consumer AND p.event_id = a.event_id)
                 ORDER BY a.seq
                """.formatted(live, SCHEMA))));
        for (String table : STATE) {
            statements = statements.chain(list -> indexRenames(live, table).map(renames -> {
                list.add("DROP TABLE %s.%s".formatted(live, table));
                list.add("ALTER TABLE %s.%s SET SCHEMA %s".formatted(SCHEMA, table, live));
                list.addAll(renames);
                return list;
            }));
        }
        return statements.invoke(list -> list.add("DROP SCHEMA " + SCHEMA + " CASCADE"));
    }

    private Uni<List<String>> indexRenames(String live, String table) {
        return pool.preparedQuery(INDEXES).execute(Tuple.of(table, new String[] {live, SCHEMA})).map(rows -> {
            Map<String, String> liveByDefinition = new HashMap<>();
            List<String[]> shadow = new ArrayList<>();
            for (Row row : rows) {
                String definition = normalised(row.getString(2));
                if (row.getString(0).equals(live)) {
                    liveByDefinition.put(definition, row.getString(1));
                } else {
                    shadow.add(new String[] {row.getString(1), definition});
                }
            }
            List<String> renames = new ArrayList<>();
            for (String[] index : shadow) {
                String name = liveByDefinition.remove(index[1]);
                if (name != null && !name.equals(index[0])) {
                    renames.add("ALTER INDEX %s.\"%s\" RENAME TO \"%s\"".formatted(live, index[0], name));
                }
            }
            return renames;
        });
    }

    /** An index definition without its name and schema: what makes a live and a shadow index the same. */
    static String normalised(String definition) {
        return definition.replaceFirst("^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ", "CREATE $1INDEX ON t ");
    }
}
