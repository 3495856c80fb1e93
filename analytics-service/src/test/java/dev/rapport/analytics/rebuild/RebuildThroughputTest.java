package dev.rapport.analytics.rebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rapport.testing.TestTopics;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * How fast a rebuild applies events: synthetic session and feedback records (as the topics hold
 * them) through the rebuild's own batches and recorders into the shadow tables, which are then
 * discarded (the live tables are not touched). In memory rather than on the shared topics, so
 * that the live consumers of every test run do not have to chew through them. A benchmark, not a
 * timed test: it asserts only that every event was read, prints the rate and writes it to
 * target/benchmarks/rebuild-throughput.txt. CI runs the smoke size (1,000 events);
 * {@code -Drapport.rebuild.bench.events=100000} is the full measurement.
 */
@QuarkusTest
class RebuildThroughputTest {

    private static final int EVENTS = Integer.getInteger("rapport.rebuild.bench.events", 1_000);
    private static final int BATCH = 1000;

    @Inject
    Rebuild rebuild;

    @Inject
    ShadowTables shadow;

    @Inject
    Pool pool;

    @Test
    void replaysSyntheticEventsIntoTheShadowAndReportsTheRate() throws Throwable {
        List<ConsumerRecord<String, String>> records = synthetic(EVENTS);
        String live = shadow.liveSchema().await().indefinitely();
        shadow.prepare(live).await().indefinitely();
        LongAdder unreadable = new LongAdder();
        try {
            long started = System.nanoTime();
            for (int from = 0; from < records.size(); from += BATCH) {
                rebuild.apply(records.subList(from, Math.min(from + BATCH, records.size())), live, unreadable);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            String figure = String.format("Rebuild throughput: %d events (%d session, %d feedback) in %.1f s = %.0f events/s%n",
                    records.size(), records.size() / 2, records.size() - records.size() / 2, seconds, records.size() / seconds);
            System.out.print(figure);
            java.nio.file.Path file = java.nio.file.Path.of("target/benchmarks/rebuild-throughput.txt");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, figure);
            assertEquals(0, unreadable.sum());
            // What was replayed is in the shadow: one session fact per session end, one feedback fact per form.
            assertEquals(records.size() / 2, shadowRows("session_fact"));
            assertEquals(records.size() - records.size() / 2, shadowRows("feedback_fact"));
        } finally {
            shadow.discard().await().indefinitely();
        }
    }

    private long shadowRows(String table) {
        return pool.query("SELECT count(*) FROM " + ShadowTables.SCHEMA + "." + table).execute()
                .await().indefinitely().iterator().next().getLong(0);
    }

    /**
     * Half session ends, half feedback: 200 counsellors, 10 clients each, SRS forms that rupture
     * now and then and PHQ-9 forms, over the last 200 days; the feedback of a session follows its
     * end at a distance, as on the topics.
     */
    private static List<ConsumerRecord<String, String>> synthetic(int events) {
        Random random = new Random(42);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID[] counsellors = new UUID[200];
        for (int i = 0; i < counsellors.length; i++) {
            counsellors[i] = UUID.randomUUID();
        }
        UUID[][] clients = new UUID[counsellors.length][10];
        for (UUID[] row : clients) {
            for (int j = 0; j < row.length; j++) {
                row[j] = UUID.randomUUID();
            }
        }
        List<ConsumerRecord<String, String>> sessionRecords = new ArrayList<>();
        List<ConsumerRecord<String, String>> feedbackRecords = new ArrayList<>();
        for (int n = 0; n < events / 2; n++) {
            int c = random.nextInt(counsellors.length);
            UUID counsellor = counsellors[c];
            UUID client = clients[c][random.nextInt(10)];
            UUID session = UUID.randomUUID();
            Instant ended = now.minus(random.nextInt(200 * 24), ChronoUnit.HOURS);
            sessionRecords.add(record(TestTopics.name("session-events"), counsellor, "rapport.session.ended.v1", session, """
                    {"sessionId":"%s","counsellorId":"%s","clientRef":"%s","status":"ENDED","endedAt":"%s","occurredAt":"%s"}"""
                    .formatted(session, counsellor, client.toString().replace("-", ""), ended, ended), sessionRecords.size()));
            boolean srs = random.nextInt(4) != 0;
            int total = srs ? 28 + random.nextInt(13) : random.nextInt(28);
            String normalized = srs ? String.format("%.2f", total / 40.0 * 100) : String.format("%.2f", (27 - total) / 27.0 * 100);
            UUID feedback = UUID.randomUUID();
            feedbackRecords.add(record(TestTopics.name("feedback-events"), counsellor, "rapport.feedback.submitted.v1", feedback, """
                    {"feedbackId":"%s","sessionId":"%s","counsellorId":"%s","clientRef":"%s","instrumentId":"%s","construct":"%s",
                     "total":%d,"subscales":{},"normalized":%s,"scorable":true,"flags":[],"hasComment":false,"submittedAt":"%s"}"""
                    .formatted(feedback, session, counsellor, client.toString().replace("-", ""), srs ? "srs" : "phq-9",
                            srs ? "alliance" : "outcome", total, normalized, ended.plus(1, ChronoUnit.HOURS)), feedbackRecords.size()));
        }
        // Interleaved in blocks, as polls of two topics return them.
        List<ConsumerRecord<String, String>> all = new ArrayList<>(events);
        for (int from = 0; from < sessionRecords.size(); from += 500) {
            all.addAll(sessionRecords.subList(from, Math.min(from + 500, sessionRecords.size())));
            all.addAll(feedbackRecords.subList(from, Math.min(from + 500, feedbackRecords.size())));
        }
        return all;
    }

    private static ConsumerRecord<String, String> record(String topic, UUID counsellor, String type, UUID subject, String data, long offset) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, offset, counsellor.toString(), data);
        record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_subject", subject.toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
