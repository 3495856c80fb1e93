package dev.rapport.analytics.persistence;

import dev.rapport.platform.persistence.RecordSet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The counsellor_view table (V8__counsellor_view.sql): every counsellor's latest view as JSON,
 * and whether it is stale. The list is sorted and paged here, the export read a chunk at a time:
 * memory per request is a page, not the organisation.
 */
@ApplicationScoped
public class CounsellorViewRows {

    /** A figure's name as the view's JSON spells it: the only text put into SQL rather than bound. */
    private static final Pattern FIGURE = Pattern.compile("[a-zA-Z]+");

    /** Raised in order of counsellor, as the consumers take their locks. */
    private static final String TOUCH = """
            INSERT INTO counsellor_view (counsellor_id)
            SELECT CAST(id AS uuid) FROM unnest(string_to_array(:ids, ',')) AS id ORDER BY 1
            ON CONFLICT (counsellor_id) DO UPDATE SET changes = counsellor_view.changes + 1
            """;
    /** Every counsellor with a row or with figures (a rebuild may have found new ones). */
    private static final String TOUCH_ALL = """
            INSERT INTO counsellor_view (counsellor_id)
            SELECT counsellor_id FROM counsellor_view UNION %s
             ORDER BY 1
            ON CONFLICT (counsellor_id) DO UPDATE SET changes = counsellor_view.changes + 1
            """.formatted(SessionFactQueries.COUNSELLORS);
    private static final String CHANGES = "SELECT counsellor_id, changes FROM counsellor_view WHERE " + CounsellorBatch.ROWS;
    /**
     * Views of a batch, in order of counsellor. A view computed after an earlier read of changes
     * never replaces one computed after a later read.
     */
    private static final String STORE = """
            INSERT INTO counsellor_view (counsellor_id, changes, view_changes, as_of, metrics)
            SELECT counsellor_id, seen, seen, as_of, CAST(metrics AS jsonb)
              FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(counsellor_id uuid, seen bigint, as_of timestamptz, metrics text)
             ORDER BY counsellor_id
            ON CONFLICT (counsellor_id) DO UPDATE
               SET view_changes = excluded.view_changes, as_of = excluded.as_of, metrics = excluded.metrics
             WHERE counsellor_view.view_changes IS NULL OR counsellor_view.view_changes < excluded.view_changes
                OR counsellor_view.view_changes = excluded.view_changes AND counsellor_view.as_of < excluded.as_of
            """;
    /**
     * A stored view that no change has overtaken, computed today (UTC): what computing it now
     * would give. Null (not current) for a row without a view.
     */
    private static final String IS_CURRENT = "(view_changes = changes AND as_of >= :dayStart)";
    private static final String STALE = """
            SELECT counsellor_id FROM counsellor_view
             WHERE %s IS NOT TRUE
             ORDER BY counsellor_id LIMIT :limit
            """.formatted(IS_CURRENT);
    private static final String CURRENT = """
            SELECT CAST(metrics -> 'windows' -> :window AS text) FROM counsellor_view
             WHERE counsellor_id = :counsellor AND metrics IS NOT NULL AND %s
            """.formatted(IS_CURRENT);
    private static final String COUNT = "SELECT count(*) FROM counsellor_view";
    private static final String PAGE = """
            SELECT CAST(metrics -> 'windows' -> :window AS text) FROM counsellor_view
             WHERE metrics IS NOT NULL
             ORDER BY %s, counsellor_id
             LIMIT :limit OFFSET :offset
            """;
    private static final String INSTRUMENTS = """
            SELECT DISTINCT jsonb_object_keys(metrics -> 'windows' -> :window -> 'outcomes') FROM counsellor_view
             WHERE metrics IS NOT NULL
            """;
    private static final String CHUNK = """
            SELECT CAST(counsellor_id AS text), CAST(metrics -> 'windows' -> :window AS text) FROM counsellor_view
             WHERE metrics IS NOT NULL %s
             ORDER BY counsellor_id LIMIT :limit
            """;

    /** A counsellor's view (every window) as JSON, computed after {@code seen} changes. */
    public record ViewJson(UUID counsellorId, long seen, Instant asOf, String json) {}

    /** One counsellor's view of a window as JSON, with the counsellor's id as text (the export's order). */
    public record Row(String counsellorId, String view) {}

    /** These counsellors' figures changed in the current transaction. */
    public Uni<Void> touch(Collection<UUID> counsellors) {
        if (counsellors.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(TOUCH).setParameter("ids", RecordSet.ids(counsellors))
                .executeUpdate()).replaceWithVoid();
    }

    /** Every counsellor's figures may have changed (a rebuild switched over). */
    public Uni<Void> touchAll() {
        return Panache.getSession().chain(s -> s.createNativeQuery(TOUCH_ALL).executeUpdate()).replaceWithVoid();
    }

    /** Each counsellor's count of changes now (0 for a counsellor without a row): read before computing their views. */
    public Uni<Map<UUID, Long>> changes(Collection<UUID> counsellors) {
        return Panache.getSession().chain(s -> CounsellorBatch.bind(s.createNativeQuery(CHANGES, Object[].class), counsellors)
                .getResultList()).map(rows -> {
                    Map<UUID, Long> changes = new HashMap<>();
                    rows.forEach(row -> changes.put(Rows.uuid(row[0]), Rows.number(row[1])));
                    return CounsellorBatch.complete(changes, counsellors, 0L);
                });
    }

    /** Stores views, each unless a view computed after more changes is stored already: one statement. */
    public Uni<Void> store(Collection<ViewJson> views) {
        if (views.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = views.stream().map(view -> Map.<String, Object>of("counsellor_id", view.counsellorId().toString(),
                "seen", view.seen(), "as_of", view.asOf().toString(), "metrics", view.json())).toList();
        return Panache.getSession().chain(s -> s.createNativeQuery(STORE).setParameter("rows", RecordSet.of(rows)).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * The counsellor's stored view of the window as JSON, when it is current: no change committed
     * since it was computed (changes are counted in the changing transaction) and computed on or
     * after {@code dayStart}, so its windows end today. Empty when it must be computed.
     */
    public Uni<Optional<String>> current(UUID counsellor, String window, Instant dayStart) {
        return Panache.getSession().chain(s -> s.createNativeQuery(CURRENT, String.class)
                .setParameter("counsellor", counsellor)
                .setParameter("window", window)
                .setParameter("dayStart", dayStart)
                .getResultList()).map(rows -> rows.stream().findFirst());
    }

    /** Up to {@code limit} counsellors whose stored view is missing, behind a change, or of a day before {@code dayStart}. */
    public Uni<List<UUID>> stale(Instant dayStart, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery(STALE, Object.class)
                .setParameter("dayStart", dayStart)
                .setParameter("limit", limit)
                .getResultList()).map(rows -> rows.stream().map(Rows::uuid).toList());
    }

    /** Every counsellor analytics has heard of: the list's total. */
    public Uni<Long> count() {
        return Panache.getSession().chain(s -> s.createNativeQuery(COUNT, Long.class).getSingleResult());
    }

    /**
     * A page of views of the window as JSON, sorted by a figure ({@code counsellorId} or a
     * number of the view), nulls last either way, ties by counsellor id.
     */
    public Uni<List<String>> page(String window, String figure, boolean descending, long offset, int limit) {
        if (!FIGURE.matcher(figure).matches()) {
            throw new IllegalArgumentException("not a figure's name: " + figure);
        }
        String key = figure.equals("counsellorId")
                ? "counsellor_id"
                : "CAST(metrics -> 'windows' -> :window ->> '" + figure + "' AS numeric)";
        String order = key + (descending ? " DESC" : " ASC") + " NULLS LAST";
        return Panache.getSession().chain(s -> s.createNativeQuery(PAGE.formatted(order), String.class)
                .setParameter("window", window)
                .setParameter("limit", limit)
                .setParameter("offset", offset)
                .getResultList());
    }

    /** The outcome instruments of any counsellor's view of the window (the export's columns), sorted. */
    public Uni<List<String>> instruments(String window) {
        return Panache.getSession().chain(s -> s.createNativeQuery(INSTRUMENTS, String.class)
                .setParameter("window", window)
                .getResultList());
    }

    /** The next {@code limit} views of the window after counsellor {@code after} (by id as text; "" for the first). */
    public Uni<List<Row>> chunk(String window, String after, int limit) {
        boolean first = after.isEmpty();
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(CHUNK.formatted(first ? "" : "AND counsellor_id > CAST(:after AS uuid)"), Object[].class)
                    .setParameter("window", window)
                    .setParameter("limit", limit);
            return (first ? query : query.setParameter("after", after)).getResultList();
        }).map(rows -> rows.stream().map(row -> new Row((String) row[0], (String) row[1])).toList());
    }
}
