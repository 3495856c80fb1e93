package dev.rapport.session.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.platform.outbox.OutboxRelay;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The relay against the real database and broker: several relays at once (as with several
 * instances) publish every row exactly once and keep each key's order; old published rows are purged.
 */
@QuarkusTest
class OutboxRelayTest {

    private static final String TOPIC = "alerts";
    private static final String INSERT = """
            INSERT INTO outbox_event (id, topic, record_key, event_type, subject, payload, occurred_at)
            VALUES ($1, $2, $3, 'rapport.test.v1', $4, '{}', now())""";

    @Inject
    OutboxRelay relay;

    @Inject
    Pool pool;

    @Test
    void concurrentRelaysPublishEveryRowOnceInOrderPerKey() {
        List<UUID> keys = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            keys.add(UUID.randomUUID());
        }
        Map<UUID, List<String>> expected = new LinkedHashMap<>();
        keys.forEach(key -> expected.put(key, new ArrayList<>()));
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            UUID key = keys.get(i % keys.size());
            UUID id = UUID.randomUUID();
            expected.get(key).add(id.toString());
            rows.add(Tuple.of(id, TOPIC, key.toString(), UUID.randomUUID().toString()));
        }

        try (TopicReader topic = TopicReader.fromNowRaw(TOPIC)) {
            // One transaction, so the relays see all 600 at once and must share them.
            pool.withTransaction(c -> c.preparedQuery(INSERT).executeBatch(rows)).await().atMost(Duration.ofSeconds(30));
            // Three more relays besides the one woken by the commit, as three more instances would be.
            Uni.join().all(List.of(relay.publishBatch(), relay.publishBatch(), relay.publishBatch())).andCollectFailures()
                    .await().atMost(Duration.ofSeconds(60));

            List<ConsumerRecord<String, String>> published = topic.awaitAll(
                    r -> expected.containsKey(UUID.fromString(r.key())), rows.size(), Duration.ofSeconds(60));
            Map<UUID, List<String>> actual = published.stream().collect(Collectors.groupingBy(
                    r -> UUID.fromString(r.key()), LinkedHashMap::new,
                    Collectors.mapping(r -> TopicReader.header(r, "ce_id"), Collectors.toList())));
            keys.forEach(key -> assertEquals(expected.get(key), actual.get(key), "order of key " + key));

            // A marker row per key, written once all 600 are published: a relay still sending one of
            // them twice would hold that key's advisory lock, so the marker's record comes after it.
            Map<UUID, UUID> markers = new LinkedHashMap<>();
            keys.forEach(key -> markers.put(key, UUID.randomUUID()));
            pool.withTransaction(c -> c.preparedQuery(INSERT).executeBatch(markers.entrySet().stream()
                            .map(m -> Tuple.of(m.getValue(), TOPIC, m.getKey().toString(), m.getValue().toString())).toList()))
                    .await().atMost(Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> upToMarkers = new ArrayList<>();
            for (UUID marker : markers.values()) {
                upToMarkers = topic.untilMarker(TopicReader.subject(marker), Duration.ofSeconds(60));
            }
            Map<String, Long> publications = upToMarkers.stream()
                    .filter(r -> expected.containsKey(UUID.fromString(r.key())) && !markers.containsValue(UUID.fromString(TopicReader.header(r, "ce_subject"))))
                    .collect(Collectors.groupingBy(r -> TopicReader.header(r, "ce_id"), Collectors.counting()));
            assertEquals(rows.size(), publications.size(), "every row published");
            assertEquals(Map.of(), publications.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "rows published more than once");
        }
    }

    @Test
    void publishedRowsArePurgedAfterTheirRetention() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        pool.withTransaction(c -> c.preparedQuery(INSERT).executeBatch(List.of(
                        Tuple.of(old, TOPIC, UUID.randomUUID().toString(), old.toString()),
                        Tuple.of(recent, TOPIC, UUID.randomUUID().toString(), recent.toString())))
                .chain(() -> c.preparedQuery("UPDATE outbox_event SET published_at = now() - interval '8 days' WHERE id = $1").execute(Tuple.of(old)))
                .chain(() -> c.preparedQuery("UPDATE outbox_event SET published_at = now() WHERE id = $1").execute(Tuple.of(recent))))
                .await().atMost(Duration.ofSeconds(10));

        relay.purge().await().atMost(Duration.ofSeconds(10));

        List<UUID> left = new ArrayList<>();
        pool.preparedQuery("SELECT id FROM outbox_event WHERE id = ANY($1)").execute(Tuple.of(new UUID[] {old, recent}))
                .await().atMost(Duration.ofSeconds(10)).forEach(row -> left.add(row.getUUID("id")));
        assertEquals(List.of(recent), left);
    }

    @Test
    void theBacklogCountsARowThatCannotBePublishedYetAndFallsBackOnceItIs() {
        UUID key = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        // Holding the relay's advisory lock of the key, as another instance sending that key's rows would.
        SqlConnection holder = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        Transaction locked = holder.begin().await().atMost(Duration.ofSeconds(10));
        try (TopicReader topic = TopicReader.fromNowRaw(TOPIC)) {
            holder.preparedQuery("SELECT pg_advisory_xact_lock(" + 0x0b0c + ", hashtext($1))").execute(Tuple.of(key.toString()))
                    .await().atMost(Duration.ofSeconds(10));
            pool.withTransaction(c -> c.preparedQuery(INSERT).execute(Tuple.of(id, TOPIC, key.toString(), id.toString())))
                    .await().atMost(Duration.ofSeconds(10));
            // Measured every 5 s.
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.backlog() >= 1);
            assertTrue(unpublished(id), "the row waits while its key is locked");
            // The waiting row ages, and so does the gauge the stuck-relay alert reads.
            double age = relay.backlogAgeSeconds();
            assertTrue(age > 0, "the backlog's age: " + age);
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.backlogAgeSeconds() > age);
            String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("rapport_outbox_backlog_age_seconds") && !l.endsWith(" 0.0")),
                    "rapport_outbox_backlog_age_seconds is exposed: " + metrics.lines().filter(l -> l.contains("backlog")).toList());

            locked.rollback().await().atMost(Duration.ofSeconds(10));
            topic.await(TopicReader.subject(id), Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.backlog() == 0);
            assertEquals(0.0, relay.backlogAgeSeconds(), "no row waits: age 0");
        } finally {
            holder.close().await().atMost(Duration.ofSeconds(10));
        }
    }

    private boolean unpublished(UUID id) {
        return pool.preparedQuery("SELECT published_at IS NULL FROM outbox_event WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getBoolean(0);
    }
}
