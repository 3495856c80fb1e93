package dev.rapport.analytics.messaging;

import static dev.rapport.analytics.messaging.Scenario.DEADLINE;
import static dev.rapport.analytics.messaging.ViewStreams.read;
import static dev.rapport.analytics.messaging.ViewStreams.is;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.testing.EventStream;
import dev.rapport.testing.TestKafka;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TestTopics;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counsellor's view on alliance-metrics and as a server-sent event stream. */
@QuarkusTest
class AllianceMetricsStreamTest {

    @TestHTTPResource("/api/metrics/counsellors")
    URL counsellors;

    @Inject
    AllianceMetricsFeed feed;

    @Inject
    AllianceMetricsPublisher publisher;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void warmUp() {
        Properties props = TestKafka.producerProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(props);
        producer.partitionsFor(TestTopics.name("feedback-events"));
        producer.partitionsFor(TestTopics.name("session-events"));
        await().atMost(DEADLINE).until(feed::listening);
    }

    @AfterEach
    void close() {
        producer.close(Duration.ofSeconds(2));
    }

    @Test
    void theStreamGivesTheCurrentViewAtOnceThenTheChangedView() throws Exception {
        Scenario s = new Scenario();
        UUID counsellor = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        UUID session = s.ended(counsellor, client, 1);
        send(s.sessionEvents.get(0));
        try (EventStream stream = ViewStreams.open(counsellors, counsellor, TestTokens.bearer(counsellor, "counsellor"))) {
            // The current view: the ended session (once consumed), no feedback yet.
            JsonNode current = stream.await(view -> view.at("/windows/30d/sessionsEnded").asInt() == 1, DEADLINE).data();
            assertEquals(counsellor.toString(), current.get("counsellorId").asText());
            assertEquals(List.of("30d", "90d", "all"), fieldNames(current.get("windows")));
            assertTrue(current.at("/windows/30d/allianceIndex").isNull());

            // How soon is the benchmark's to measure (bench: SseEventsTest); here, that it comes.
            s.form(counsellor, client, session, "srs", "alliance", "38", "95.00", 0);
            send(s.feedbackEvents.get(0));
            JsonNode changed = stream.await(view -> is(view, "/windows/30d/allianceIndex", "95.00"), DEADLINE).data();
            assertTrue(is(changed, "/windows/all/feedbackRate", "1.00"), changed.toString());
        }
    }

    @Test
    void everyChangePublishesTheWholeViewKeyedByCounsellorAsACloudEvent() {
        Scenario s = new Scenario();
        UUID counsellor = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        try (TopicReader metrics = TopicReader.fromNow("alliance-metrics")) {
            UUID session = s.ended(counsellor, client, 2);
            s.form(counsellor, client, session, "care", "empathy", "40", "75.00", 2);
            send(s.sessionEvents.get(0));
            send(s.feedbackEvents.get(0));
            // The two topics are consumed apart: the form's view may be published before the
            // session's end is counted, and then the next record holds both.
            ConsumerRecord<String, String> record = metrics.await(r -> counsellor.toString().equals(r.key())
                    && is(read(r.value()), "/windows/30d/empathyIndex", "75.00")
                    && read(r.value()).at("/windows/30d/sessionsEnded").asInt() == 1, DEADLINE);
            Map<String, String> headers = TopicReader.headers(record);
            assertEquals("rapport.metrics.counsellor.v1", headers.get("ce_type"));
            assertEquals("analytics-service", headers.get("ce_source"));
            assertEquals(counsellor.toString(), headers.get("ce_subject"));
            assertEquals("1.0", headers.get("ce_specversion"));
            UUID.fromString(headers.get("ce_id"));
            JsonNode view = read(record.value());
            assertEquals(counsellor.toString(), view.get("counsellorId").asText());
            assertNotNull(view.get("asOf"));
            for (String window : List.of("30d", "90d", "all")) {
                assertEquals(window, view.at("/windows/" + window + "/window").asText());
                assertEquals(1, view.at("/windows/" + window + "/sessionsEnded").asInt());
                assertTrue(is(view, "/windows/" + window + "/feedbackRate", "1.00"), view.toString());
            }
            assertTrue(!record.value().contains(client.toString()), "no client id in the record");
        }
    }

    @Test
    void aBurstOfEventsEndsInARecordThatHoldsEveryChange() {
        Scenario s = new Scenario();
        UUID counsellor = UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            s.ended(counsellor, UUID.randomUUID(), 1);
        }
        try (TopicReader metrics = TopicReader.fromNow("alliance-metrics")) {
            s.sessionEvents.forEach(this::sendAsync);
            producer.flush();
            metrics.await(r -> counsellor.toString().equals(r.key()) && sessionsEnded(r) == 20, DEADLINE);
            // Once nothing is pending, the publisher has nothing more of this counsellor to send.
            await().atMost(DEADLINE).until(() -> publisher.pending() == 0);
            List<ConsumerRecord<String, String>> mine = metrics.readToEnd(DEADLINE).stream()
                    .filter(r -> counsellor.toString().equals(r.key())).toList();
            assertEquals(20, sessionsEnded(mine.get(mine.size() - 1)), "the last record of the counsellor holds every change");
        }
    }

    @Test
    void changesMarkedInQuickSuccessionAreCoalescedIntoAFewRecordsNotOnePerChange() {
        Scenario s = new Scenario();
        UUID counsellor = UUID.randomUUID();
        s.ended(counsellor, UUID.randomUUID(), 1);
        s.ended(counsellor, UUID.randomUUID(), 1);
        send(s.sessionEvents.get(0));
        try (TopicReader metrics = TopicReader.fromNow("alliance-metrics")) {
            metrics.await(r -> counsellor.toString().equals(r.key()) && sessionsEnded(r) == 1, DEADLINE);
            await().atMost(DEADLINE).until(() -> publisher.pending() == 0);
        }
        try (TopicReader metrics = TopicReader.fromNow("alliance-metrics")) {
            // Twenty changes as twenty consumed batches would mark them: the first goes out at once,
            // the rest wait for the coalescing interval (50 ms) and go out together: two records, a
            // third only if this loop were held up for longer than the interval.
            for (int i = 0; i < 20; i++) {
                publisher.changed(counsellor);
            }
            await().atMost(DEADLINE).until(() -> publisher.pending() == 0);
            // The marker: the second session's end, a record of the same key published after those.
            send(s.sessionEvents.get(1));
            List<ConsumerRecord<String, String>> mine = metrics.untilMarker(
                            r -> counsellor.toString().equals(r.key()) && sessionsEnded(r) == 2, DEADLINE).stream()
                    .filter(r -> counsellor.toString().equals(r.key()) && sessionsEnded(r) == 1).toList();
            System.out.printf("Coalescing: 20 changes marked -> %d alliance-metrics records%n", mine.size());
            assertTrue(mine.size() >= 1 && mine.size() <= 3, "20 changes in quick succession gave " + mine.size() + " records");
        }
    }

    private static int sessionsEnded(ConsumerRecord<String, String> record) {
        return read(record.value()).at("/windows/30d/sessionsEnded").asInt();
    }

    @Test
    void onlyThatCounsellorAndTheRolesThatSeeEveryViewMayStreamIt() throws Exception {
        UUID counsellor = UUID.randomUUID();
        String path = "/api/metrics/counsellors/{id}/stream";
        given().accept("text/event-stream").get(path, counsellor).then().statusCode(401);
        given().accept("text/event-stream").header("Authorization", TestTokens.bearer(UUID.randomUUID(), "counsellor"))
                .get(path, counsellor).then().statusCode(403);
        given().accept("text/event-stream").header("Authorization", TestTokens.bearer(UUID.randomUUID(), "client"))
                .get(path, counsellor).then().statusCode(403);
        for (String role : List.of("supervisor", "analyst", "admin")) {
            try (EventStream stream = ViewStreams.open(counsellors, counsellor, TestTokens.bearer(UUID.randomUUID(), role))) {
                JsonNode view = stream.next(DEADLINE).data();
                assertEquals(counsellor.toString(), view.get("counsellorId").asText());
                assertEquals(0, view.at("/windows/all/sessionsEnded").asInt());
                assertNull(view.at("/windows/all/allianceIndex").numberValue());
            }
        }
    }

    private void send(Scenario.Event event) {
        try {
            sendAsync(event);
            producer.flush();
        } catch (RuntimeException e) {
            throw e;
        }
    }

    private void sendAsync(Scenario.Event event) {
        producer.send(event.record());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
