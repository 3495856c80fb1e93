package dev.rapport.platform.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.platform.PlatformDatabase;
import dev.rapport.platform.messaging.Erasures;
import dev.rapport.platform.persistence.Notifications;
import dev.rapport.testing.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The outbox and its relay on the real database and broker, with an event of platform-support's
 * own (the erasure confirmation every service writes): what {@code outbox.add(event)} commits is
 * published as a binary-mode CloudEvent under the event's key and marked published; what a
 * transaction rolls back is never published; writing it NOTIFYs nobody (the relay polls). (Several relays at once, key order, purge, backlog
 * and rows the broker refuses: session-service's OutboxRelayTest and OutboxSetAsideTest.)
 */
@QuarkusTest
@QuarkusTestResource(PlatformDatabase.class)
class OutboxTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    @Inject
    Notifications notifications;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Test
    void aCommittedEventIsPublishedAsABinaryCloudEventUnderItsKeyAndMarkedPublished() throws Throwable {
        UUID erasure = UUID.randomUUID();
        try (TopicReader erasures = TopicReader.fromNow(Erasures.TOPIC)) {
            UUID id = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.add(Erasures.completed(new Erasures.Completed(erasure, "platform-support", now)))));

            ConsumerRecord<String, String> record = erasures.await(r -> erasure.toString().equals(r.key()), DEADLINE);
            Map<String, String> headers = TopicReader.headers(record);
            assertEquals(id.toString(), headers.get("ce_id"));
            assertEquals("rapport.client.erasure.completed.v1", headers.get("ce_type"));
            assertEquals(erasure.toString(), headers.get("ce_subject"));
            assertEquals("platform-support", headers.get("ce_source"));
            assertEquals("1.0", headers.get("ce_specversion"));
            assertEquals(now, OffsetDateTime.parse(headers.get("ce_time")).toInstant());
            assertEquals("application/json", headers.get("content-type"));
            assertEquals(JSON.readTree("{\"erasureId\":\"%s\",\"service\":\"platform-support\",\"completedAt\":\"%s\"}".formatted(erasure, now)),
                    JSON.readTree(record.value()));
            await().atMost(DEADLINE).until(() -> published(id));
        }
    }

    /**
     * A transaction that NOTIFYs holds one lock of the whole PostgreSQL cluster from the start of
     * its commit to its end, WAL flush included: were the outbox's writes to NOTIFY, every service's
     * would commit one at a time. The relay finds the event by polling.
     */
    @Test
    void writingAnEventNotifiesNobodyAndTheRelayStillPublishesIt() throws Throwable {
        UUID erasure = UUID.randomUUID();
        AtomicInteger heard = new AtomicInteger();
        PgSubscriber subscriber = notifications.subscriber();
        subscriber.channel("outbox_event").handler(notification -> heard.incrementAndGet());
        subscriber.connectAndAwait();
        try (TopicReader erasures = TopicReader.fromNow(Erasures.TOPIC)) {
            UUID id = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.add(Erasures.completed(new Erasures.Completed(erasure, "polled", now)))));

            erasures.await(r -> erasure.toString().equals(r.key()), DEADLINE);
            await().atMost(DEADLINE).until(() -> published(id));
            // A query on the listening connection: PostgreSQL delivers what was notified before it answers.
            subscriber.actualConnection().query("SELECT 1").execute().await().atMost(DEADLINE);
            assertEquals(0, heard.get());
        } finally {
            subscriber.closeAndAwait();
        }
    }

    @Test
    void anEventWhoseTransactionRollsBackIsNeverPublished() throws Throwable {
        UUID erasure = UUID.randomUUID();
        try (TopicReader erasures = TopicReader.fromNow(Erasures.TOPIC)) {
            assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.add(Erasures.completed(new Erasures.Completed(erasure, "rolled-back", now)))
                            .chain(id -> Uni.createFrom().failure(new IllegalStateException("the change failed"))))));
            // A marker of the same key, committed after: once it is on the topic, so would the rolled-back one be.
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.add(Erasures.completed(new Erasures.Completed(erasure, "marker", now)))));

            List<String> services = erasures.untilMarker(r -> erasure.toString().equals(r.key()) && r.value().contains("marker"), DEADLINE)
                    .stream().filter(r -> erasure.toString().equals(r.key()))
                    .map(r -> service(r.value())).toList();
            assertEquals(List.of("marker"), services);
        }
    }

    private boolean published(UUID id) {
        return pool.preparedQuery("SELECT published_at IS NOT NULL FROM outbox_event WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(DEADLINE).iterator().next().getBoolean(0);
    }

    private static String service(String value) {
        try {
            return JSON.readTree(value).path("service").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
