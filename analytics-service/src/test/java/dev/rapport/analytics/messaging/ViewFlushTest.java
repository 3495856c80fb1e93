package dev.rapport.analytics.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A flush computes its counsellors' views together: a view that cannot be computed must not hold
 * back the others of its flush, and is published once it can be; a flush holds a bounded number.
 */
@QuarkusTest
class ViewFlushTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    AllianceMetricsPublisher publisher;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    /** More changed counsellors than a flush holds (a rebuild marks every one): several flushes, each bounded, publish them all. */
    @Test
    void manyChangedCounsellorsArePublishedInBoundedFlushes() {
        UUID[] counsellors = IntStream.range(0, 2 * AllianceMetricsPublisher.MAX_FLUSH + 50).mapToObj(i -> UUID.randomUUID())
                .toArray(UUID[]::new);
        DistributionSummary views = registry.get("rapport.alliance.metrics.flush.views").summary();
        long flushesBefore = views.count();
        try {
            publisher.changed(List.of(counsellors));

            await().atMost(DEADLINE).until(() -> sql("SELECT 1 FROM counsellor_view WHERE counsellor_id = ANY($1) AND metrics IS NOT NULL",
                    Tuple.of(counsellors)).size() == counsellors.length);
            assertTrue(views.max() <= AllianceMetricsPublisher.MAX_FLUSH, "views in a flush: " + views.max());
            assertTrue(views.count() - flushesBefore >= 3, "flushes: " + (views.count() - flushesBefore));
        } finally {
            sql("DELETE FROM counsellor_view WHERE counsellor_id = ANY($1)", Tuple.of(counsellors));
        }
    }

    @Test
    void aViewThatCannotBeComputedHoldsBackNoOtherOfItsFlush() {
        UUID poisoned = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID alert = UUID.randomUUID();
        // A status analytics does not know: reading the poisoned counsellor's alerts fails.
        sql("INSERT INTO safety_alert (alert_id, feedback_id, counsellor_id, client_ref, instrument_id, status, raised_at)"
                + " VALUES ($1, $2, $3, $4, 'srs', 'UNHEARD_OF', $5)",
                Tuple.of(alert, UUID.randomUUID(), poisoned, "poison-" + alert, OffsetDateTime.now()));
        try {
            publisher.changed(List.of(poisoned, other));

            await().atMost(DEADLINE).until(() -> published(other));
            assertEquals(false, published(poisoned), "the poisoned view cannot be computed");
        } finally {
            sql("DELETE FROM safety_alert WHERE alert_id = $1", Tuple.of(alert));
        }
        await().atMost(DEADLINE).until(() -> published(poisoned));
    }

    /** Whether a view of the counsellor is stored (the publisher stores what the broker took). */
    private boolean published(UUID counsellor) {
        List<Row> rows = sql("SELECT 1 FROM counsellor_view WHERE counsellor_id = $1 AND metrics IS NOT NULL", Tuple.of(counsellor));
        return !rows.isEmpty();
    }

    private List<Row> sql(String sql, Tuple arguments) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(arguments).await().indefinitely().forEach(rows::add);
        return rows;
    }
}
