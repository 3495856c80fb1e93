package dev.rapport.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rapport.platform.PlatformDatabase;
import dev.rapport.testing.QueryPlans;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/** The idempotent consumer's memory on the real database: an event counts once per consumer, in the transaction of its effect. */
@QuarkusTest
@QuarkusTestResource(PlatformDatabase.class)
class ProcessedEventsTest {

    @Inject
    ProcessedEvents processed;

    @Inject
    Pool pool;

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void anEventIsFirstOnceAtItsFirstPlaceInTheBatchAndOncePerConsumer() throws Throwable {
        String consumer = "test-" + UUID.randomUUID();
        String other = "test-" + UUID.randomUUID();
        UUID a = UUID.randomUUID(), b = UUID.randomUUID(), c = UUID.randomUUID();

        assertEquals(List.of(a, b), first(consumer, List.of(a, b, a)), "a repeat in the batch is not first");
        assertEquals(List.of(c), first(consumer, List.of(b, c, a)), "a redelivered batch: only the new event");
        assertEquals(List.of(b, a), first(other, List.of(b, a)), "another consumer has its own memory");
        assertEquals(List.of(), first(consumer, List.of()));
    }

    /** Every consumer's batch runs it: a plan kept per batch would fill the cache, each lookup walking the rest. */
    @Test
    void batchesStoreNoQueryPlan() throws Throwable {
        String consumer = "test-" + UUID.randomUUID();
        first(consumer, List.of(UUID.randomUUID()));
        int plans = QueryPlans.cached(sessions);
        first(consumer, List.of(UUID.randomUUID()));
        first(consumer, List.of(UUID.randomUUID(), UUID.randomUUID()));
        assertEquals(plans, QueryPlans.cached(sessions), "plans stored by later batches");
    }

    @Test
    void aRolledBackTransactionForgetsItsEventsSoTheirEffectIsAppliedOnRedelivery() throws Throwable {
        String consumer = "test-" + UUID.randomUUID();
        UUID a = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> processed.firstDeliveries(consumer, List.of(a), Function.identity())
                        .chain(firsts -> Uni.createFrom().failure(new IllegalStateException("the effect failed"))))));

        assertEquals(List.of(a), first(consumer, List.of(a)));
        assertEquals(List.of(), first(consumer, List.of(a)));
    }

    @Test
    void thePurgeForgetsOnlyWhatIsOlderThanTheRetention() throws Throwable {
        String consumer = "test-" + UUID.randomUUID();
        UUID old = UUID.randomUUID(), recent = UUID.randomUUID();
        // retention P30D (the default): 31 days is past it, 29 days is not
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(
                        "INSERT INTO processed_event (consumer, event_id, processed_at) VALUES ($1, $2, now() - interval '31 days'), ($1, $3, now() - interval '29 days')")
                .execute(Tuple.of(consumer, old, recent)));

        VertxContextSupport.subscribeAndAwait(processed::purge);

        List<UUID> left = new ArrayList<>();
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("SELECT event_id FROM processed_event WHERE consumer = $1")
                .execute(Tuple.of(consumer))).forEach(row -> left.add(row.getUUID(0)));
        assertEquals(List.of(recent), left);
        assertEquals(List.of(old), first(consumer, List.of(old, recent)), "a forgotten event counts as new again");
    }

    private List<UUID> first(String consumer, List<UUID> batch) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> processed.firstDeliveries(consumer, batch, Function.identity())));
    }
}
