package dev.rapport.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.platform.PlatformDatabase;
import dev.rapport.testing.TestTopics;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The consumer skeleton every consumer uses (EventBatches over BatchConsumption), fed the records
 * of a poll directly, on the real database and with its dead letters on the real broker: each
 * event applied once, unreadable records and records whose effect keeps failing dead-lettered once,
 * the rest of the batch applied, other types skipped. The records are erasure confirmations, as
 * session-service's consumer reads them; the dead letters go to its dead-letter topic's test twin.
 */
@QuarkusTest
@QuarkusTestResource(PlatformDatabase.class)
class EventBatchesTest {

    private static final String TOPIC = "erasures";
    private static final String DEAD_LETTER_TOPIC = "session-service.erasures-dlq";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    EventBatches batches;

    @Inject
    Pool pool;

    private final String consumer = "platform-support-test-" + UUID.randomUUID();
    private final List<Erasures.Completed> applied = Collections.synchronizedList(new ArrayList<>());
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Test
    void eachEventIsAppliedOnceAnUnreadableRecordIsDeadLetteredOnceAndOtherTypesAreSkipped() throws Throwable {
        UUID a = UUID.randomUUID(), c = UUID.randomUUID();
        String poisonKey = "poison-" + UUID.randomUUID();
        try (TopicReader dlq = TopicReader.fromNow(DEAD_LETTER_TOPIC)) {
            List<ConsumerRecord<String, String>> poll = List.of(
                    completed(0, a, a),
                    completed(1, a, a), // the same event (same ce_id) again in the batch
                    record(2, "k", UUID.randomUUID().toString(), Erasures.REQUESTED, "{}"), // not this consumer's type
                    record(3, poisonKey, "not-a-uuid", Erasures.COMPLETED, "{}"),
                    completed(4, c, c));

            consume(poll, Set.of());
            assertEquals(List.of(data(a), data(c)), applied);
            ConsumerRecord<String, String> dead = dlq.await(r -> poisonKey.equals(r.key()), DEADLINE);
            assertEquals("ce_id is not a UUID", TopicReader.header(dead, "dead-letter-reason"));
            assertEquals(TestTopics.name(TOPIC), TopicReader.header(dead, "dead-letter-topic"));
            assertEquals("3", TopicReader.header(dead, "dead-letter-offset"));
            assertEquals("{}", dead.value());

            // The whole poll redelivered (the offsets were not committed): nothing applied or dead-lettered again.
            consume(poll, Set.of());
            assertEquals(List.of(data(a), data(c)), applied);
            // A second poison record of the same key after it: once it is on the dead-letter topic, so is every earlier one.
            consume(List.of(record(5, poisonKey, "not-a-uuid-either", Erasures.COMPLETED, "{}")), Set.of());
            List<String> offsets = dlq.untilMarker(r -> poisonKey.equals(r.key()) && "5".equals(TopicReader.header(r, "dead-letter-offset")), DEADLINE)
                    .stream().filter(r -> poisonKey.equals(r.key())).map(r -> TopicReader.header(r, "dead-letter-offset")).toList();
            assertEquals(List.of("3", "5"), offsets);
        }
    }

    @Test
    void aRecordWhoseEffectKeepsFailingIsDeadLetteredAfterFiveAttemptsAndTheRestOfTheBatchIsApplied() throws Throwable {
        UUID failing = UUID.randomUUID(), fine = UUID.randomUUID();
        try (TopicReader dlq = TopicReader.fromNow(DEAD_LETTER_TOPIC)) {
            AtomicInteger attempts = consume(List.of(completed(0, failing, failing), completed(1, fine, fine)), Set.of(data(failing)));

            assertEquals(List.of(data(fine)), applied);
            // once in the batch, then 5 times alone (rapport.consumption.max-attempts, default 5)
            assertEquals(1 + 5, attempts.get());
            ConsumerRecord<String, String> dead = dlq.await(r -> failing.toString().equals(r.key()), DEADLINE);
            assertEquals("failed 5 times: IllegalStateException", TopicReader.header(dead, "dead-letter-reason"));
            // the processed-event row of the failed record went with its rolled-back transactions
            assertEquals(List.of(fine), processed());
        }
    }

    /** Consumes one poll; the effect fails for the events in {@code refused}. Returns how often it was tried with one of them. */
    private AtomicInteger consume(List<ConsumerRecord<String, String>> poll, Set<Erasures.Completed> refused) throws Throwable {
        AtomicInteger attempts = new AtomicInteger();
        ConsumerRecords<String, String> records = new ConsumerRecords<>(Map.of(new TopicPartition(TestTopics.name(TOPIC), 0), poll), Map.of());
        VertxContextSupport.subscribeAndAwait(() -> batches.consume(consumer, DEAD_LETTER_TOPIC, records,
                Erasures.COMPLETED::equals, Erasures.Completed::of, events -> {
                    if (events.stream().anyMatch(refused::contains)) {
                        attempts.incrementAndGet();
                        return Uni.createFrom().failure(new IllegalStateException("refused"));
                    }
                    applied.addAll(events);
                    return Uni.createFrom().voidItem();
                }));
        return attempts;
    }

    private List<UUID> processed() throws Throwable {
        List<UUID> ids = new ArrayList<>();
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("SELECT event_id FROM processed_event WHERE consumer = $1")
                .execute(Tuple.of(consumer))).forEach(row -> ids.add(row.getUUID(0)));
        return ids;
    }

    private Erasures.Completed data(UUID erasureId) {
        return new Erasures.Completed(erasureId, "feedback-service", now);
    }

    /** An erasure confirmation whose event id is {@code eventId}. */
    private ConsumerRecord<String, String> completed(long offset, UUID eventId, UUID erasureId) {
        return record(offset, erasureId.toString(), eventId.toString(), Erasures.COMPLETED,
                "{\"erasureId\":\"%s\",\"service\":\"feedback-service\",\"completedAt\":\"%s\"}".formatted(erasureId, now));
    }

    private static ConsumerRecord<String, String> record(long offset, String key, String id, String type, String value) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(TestTopics.name(TOPIC), 0, offset, key, value);
        record.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_subject", key.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
