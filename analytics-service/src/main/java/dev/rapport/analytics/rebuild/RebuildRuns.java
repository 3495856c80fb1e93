package dev.rapport.analytics.rebuild;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** The rebuild_run table. */
@ApplicationScoped
public class RebuildRuns {

    private static final String COLUMNS = "id, state, requested_by, started_at, finished_at, events, unreadable, events_per_second, detail";

    private final Pool pool;

    public RebuildRuns(Pool pool) {
        this.pool = pool;
    }

    /** A new run, after marking runs that a dead process left RUNNING as failed (the caller holds the run lock). */
    public Uni<RebuildStatus> start(SqlClient connection, UUID requestedBy) {
        RebuildStatus run = new RebuildStatus(UUID.randomUUID(), RebuildStatus.RUNNING, requestedBy, Instant.now(), null, 0, 0, null, null);
        return connection.preparedQuery("UPDATE rebuild_run SET state = 'FAILED', detail = 'interrupted', finished_at = now() WHERE state = 'RUNNING'")
                .execute()
                .chain(() -> connection.preparedQuery("INSERT INTO rebuild_run (id, state, requested_by, started_at) VALUES ($1, $2, $3, $4)")
                        .execute(Tuple.of(run.id(), run.state(), run.requestedBy(), at(run.startedAt()))))
                .replaceWith(run);
    }

    public Uni<Void> progress(UUID id, long events, long unreadable) {
        return pool.preparedQuery("UPDATE rebuild_run SET events = $2, unreadable = $3 WHERE id = $1")
                .execute(Tuple.of(id, events, unreadable)).replaceWithVoid();
    }

    public Uni<Void> finish(UUID id, String state, long events, long unreadable, double eventsPerSecond, String detail) {
        BigDecimal rate = Double.isFinite(eventsPerSecond) ? BigDecimal.valueOf(eventsPerSecond).setScale(1, RoundingMode.HALF_UP) : null;
        return pool.preparedQuery("UPDATE rebuild_run SET state = $2, events = $3, unreadable = $4, events_per_second = $5, detail = $6, finished_at = now() WHERE id = $1")
                .execute(Tuple.from(new Object[] {id, state, events, unreadable, rate, detail})).replaceWithVoid();
    }

    /** The run, or null. */
    public Uni<RebuildStatus> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM rebuild_run WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : status(rows.iterator().next()));
    }

    private static RebuildStatus status(Row row) {
        OffsetDateTime finished = row.getOffsetDateTime("finished_at");
        return new RebuildStatus(row.getUUID("id"), row.getString("state"), row.getUUID("requested_by"),
                row.getOffsetDateTime("started_at").toInstant(), finished == null ? null : finished.toInstant(),
                row.getLong("events"), row.getLong("unreadable"), row.getBigDecimal("events_per_second"), row.getString("detail"));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
