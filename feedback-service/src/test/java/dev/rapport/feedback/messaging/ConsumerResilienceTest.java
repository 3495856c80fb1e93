package dev.rapport.feedback.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.platform.messaging.ConsumerMeters;
import dev.rapport.platform.privacy.Pseudonyms;
import dev.rapport.testing.SessionEventFixtures;
import dev.rapport.testing.TestKafka;
import dev.rapport.testing.TestTopics;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The session-events consumer (through BatchConsumption, as every consumer) against the real
 * database and broker: a record the database refuses is dead-lettered once and does not hold up
 * the records after it; a database that drops the consumer's connection mid-batch is waited for,
 * and the channel carries on.
 */
@QuarkusTest
class ConsumerResilienceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(45);
    private static final Duration QUERY = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    ConsumerMeters consumerMeters;

    /** Every consumer counts its retries and dead letters from start-up (the alert on dead letters reads them). */
    @Test
    void everyConsumerHasItsCountersFromStartUp() {
        assertEquals(Set.of(SessionEventsConsumer.CONSUMER, ClientKeysConsumer.CONSUMER, ErasureRequests.CONSUMER),
                consumerMeters.registeredAtStartUp());
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredOnceAndTheRecordsAfterItAreApplied() {
        UUID counsellor = UUID.randomUUID();
        UUID before = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        String refusedEventId = UUID.randomUUID().toString();
        try (TopicReader dlq = TopicReader.fromNow(SessionEventsConsumer.DEAD_LETTER_TOPIC)) {
            publish(UUID.randomUUID().toString(), before, counsellor, Pseudonyms.newClientRef());
            // Reads as a session event, but its reference is longer than the column (varchar(32)): SQLSTATE 22001.
            // It breaks the schema on purpose (a reference is 32 characters), so it goes unchecked.
            String data = SessionEventFixtures.data(refused, counsellor, Pseudonyms.newClientRef() + "0123456789", "ENDED", Instant.now(), Instant.now());
            TestKafka.sendRaw("session-events", counsellor.toString(), data, headers(refusedEventId, refused));
            publish(UUID.randomUUID().toString(), after, counsellor, Pseudonyms.newClientRef());

            await().atMost(DEADLINE).until(() -> status(after) != null);
            assertEquals("ENDED", status(before));
            ConsumerRecord<String, String> dead = dlq.await(r -> refusedEventId.equals(TopicReader.header(r, "ce_id")), DEADLINE);
            String reason = TopicReader.header(dead, "dead-letter-reason");
            assertTrue(reason.contains("22001"), reason);
            assertFalse(reason.contains("0123456789"), "the reason names the failure, never the data: " + reason);
            assertEquals(TestTopics.name("session-events"), TopicReader.header(dead, "dead-letter-topic"));
            assertEquals(null, status(refused));

            // Once on the topic, once in the table that keeps a redelivery from sending it again.
            assertEquals(1, dlq.readToEnd(Duration.ofSeconds(30)).stream()
                    .filter(r -> refusedEventId.equals(TopicReader.header(r, "ce_id"))).count());
            assertEquals(1L, count("SELECT count(*) FROM dead_letter WHERE consumer = $1 AND topic = $2 AND kafka_partition = $3 AND kafka_offset = $4",
                    Tuple.of(SessionEventsConsumer.CONSUMER, TestTopics.name("session-events"),
                            Integer.parseInt(TopicReader.header(dead, "dead-letter-partition")),
                            Long.parseLong(TopicReader.header(dead, "dead-letter-offset")))));
        }
    }

    @Test
    void aTerminatedConnectionIsRetriedAndTheChannelKeepsConsuming() {
        UUID counsellor = UUID.randomUUID();
        UUID locked = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        String ref = Pseudonyms.newClientRef();
        double retriesBefore = unavailableRetries();

        // A row of the session, written and not committed: the consumer's upsert waits for it.
        SqlConnection holder = pool.getConnection().await().atMost(QUERY);
        Transaction transaction = holder.begin().await().atMost(QUERY);
        try {
            holder.preparedQuery("INSERT INTO session_projection (session_id, counsellor_id, client_ref, status) VALUES ($1, $2, $3, 'SCHEDULED')")
                    .execute(Tuple.of(locked, counsellor, ref)).await().atMost(QUERY);
            publish(UUID.randomUUID().toString(), locked, counsellor, ref);

            // Twice the database drops the consumer's connection while it waits (as a failover or an
            // administrator would): SQLSTATE 57P01 under the batch.
            List<Integer> terminated = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Integer waiting = await().atMost(DEADLINE).until(this::backendWaitingForALock, pid -> pid != null && !terminated.contains(pid));
                count("SELECT count(*) FROM (SELECT pg_terminate_backend($1)) t", Tuple.of(waiting));
                terminated.add(waiting);
            }
            await().atMost(DEADLINE).until(() -> backendWaitingForALock() != null);
        } finally {
            transaction.rollback().await().atMost(QUERY);
            holder.close().await().atMost(QUERY);
        }

        await().atMost(DEADLINE).until(() -> "ENDED".equals(status(locked)));
        publish(UUID.randomUUID().toString(), next, counsellor, ref);
        await().atMost(DEADLINE).until(() -> "ENDED".equals(status(next)));
        assertTrue(unavailableRetries() >= retriesBefore + 2, "each terminated attempt is counted as a retry");
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static void publish(String eventId, UUID session, UUID counsellor, String clientRef) {
        Instant now = Instant.now();
        String data = SessionEventFixtures.data(session, counsellor, clientRef, "ENDED", now, now);
        TestKafka.send("session-events", counsellor.toString(), data, headers(eventId, session));
    }

    private static Map<String, String> headers(String eventId, UUID session) {
        return Map.of("ce_id", eventId, "ce_type", "rapport.session.ended.v1", "ce_specversion", "1.0",
                "ce_source", "session-service", "ce_subject", session.toString(), "content-type", "application/json");
    }

    private String status(UUID session) {
        var rows = pool.preparedQuery("SELECT status FROM session_projection WHERE session_id = $1").execute(Tuple.of(session))
                .await().atMost(QUERY);
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private Integer backendWaitingForALock() {
        var rows = pool.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                + " AND query LIKE '%session_projection%' AND pid <> pg_backend_pid()").execute().await().atMost(QUERY);
        for (Row row : rows) {
            return row.getInteger(0);
        }
        return null;
    }

    private long count(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).await().atMost(QUERY).iterator().next().getLong(0);
    }

    private static double unavailableRetries() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("rapport_consumer_retries_total{") && line.contains("consumer=\"feedback.session-events\"")
                        && line.contains("kind=\"UNAVAILABLE\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
