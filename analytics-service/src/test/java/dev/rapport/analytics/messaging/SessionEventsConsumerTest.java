package dev.rapport.analytics.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rapport.testing.SessionEventFixtures;
import dev.rapport.testing.TestKafka;
import dev.rapport.testing.OpenApiValidation;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TestTopics;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionEventsConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final UUID counsellor = UUID.randomUUID();

    @Test
    void anEndedSessionCountsOnceEvenWhenDeliveredTwice() {
        UUID session = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String ended = sessionEvent(session, UUID.randomUUID(), "ENDED", Instant.now().minus(1, ChronoUnit.HOURS));
        send(eventId, "rapport.session.ended.v1", session, ended);
        send(eventId, "rapport.session.ended.v1", session, ended);
        // A later event of another session is the marker that both deliveries have been consumed.
        UUID marker = UUID.randomUUID();
        send(UUID.randomUUID(), "rapport.session.no-show.v1", marker, sessionEvent(marker, UUID.randomUUID(), "NO_SHOW", Instant.now()));

        awaitView("30d", 1, 0, 1);
        assertEquals(1, (int) view("30d").extract().path("sessionsEnded"));
    }

    @Test
    void anEarlierStatusArrivingLateDoesNotUndoTheEnd() {
        UUID session = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        Instant end = Instant.now().minus(2, ChronoUnit.HOURS);
        send(UUID.randomUUID(), "rapport.session.ended.v1", session, sessionEvent(session, client, "ENDED", end));
        send(UUID.randomUUID(), "rapport.session.started.v1", session, sessionEvent(session, client, "IN_PROGRESS", null));
        UUID marker = UUID.randomUUID();
        send(UUID.randomUUID(), "rapport.session.cancelled.v1", marker, sessionEvent(marker, client, "CANCELLED", null));

        await().atMost(DEADLINE).untilAsserted(() -> view("30d").body("sessionsCancelled", equalTo(1)));
        view("30d").body("sessionsEnded", equalTo(1)).body("activeClients", equalTo(1));
    }

    @Test
    void aSessionEndedBeforeTheWindowCountsOnlyInLongerWindows() {
        UUID session = UUID.randomUUID();
        send(UUID.randomUUID(), "rapport.session.ended.v1", session,
                sessionEvent(session, UUID.randomUUID(), "ENDED", Instant.now().minus(45, ChronoUnit.DAYS)));
        await().atMost(DEADLINE).untilAsserted(() -> view("90d").body("sessionsEnded", equalTo(1)));
        view("30d").body("sessionsEnded", equalTo(0)).body("allianceIndex", equalTo(null));
        view("all").body("sessionsEnded", equalTo(1));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRecordIsStillProcessed() {
        try (TopicReader dlq = TopicReader.fromNow("analytics-service.session-events-dlq")) {
            UUID poison = UUID.randomUUID();
            TestKafka.sendRaw("session-events", counsellor.toString(), "{not json",
                    Map.of("ce_id", poison.toString(), "ce_type", "rapport.session.ended.v1", "ce_specversion", "1.0",
                            "ce_source", "test", "ce_subject", poison.toString()));
            UUID session = UUID.randomUUID();
            send(UUID.randomUUID(), "rapport.session.ended.v1", session, sessionEvent(session, UUID.randomUUID(), "ENDED", Instant.now()));

            ConsumerRecord<String, String> dead = dlq.await(TopicReader.subject(poison), DEADLINE);
            assertEquals("{not json", dead.value());
            assertEquals(counsellor.toString(), dead.key());
            org.junit.jupiter.api.Assertions.assertNotNull(TopicReader.header(dead, "dead-letter-reason"));
            awaitView("30d", 1, 0, 0);
        }
    }

    @Test
    void aBacklogIsAppliedInBatchesWithItsPoisonDeadLetteredAndItsRepeatsCountedOnce() {
        try (TopicReader dlq = TopicReader.fromNow("analytics-service.session-events-dlq");
             KafkaProducer<String, String> producer = Scenario.producer()) {
            UUID poison = UUID.randomUUID();
            // One producer, sent at once: the consumer reads them in a few polls, each a batch.
            for (int i = 0; i < 200; i++) {
                UUID session = UUID.randomUUID();
                UUID eventId = UUID.randomUUID();
                String data = sessionEvent(session, UUID.randomUUID(), "ENDED", Instant.now().minus(1, ChronoUnit.HOURS));
                producer.send(record(eventId, "rapport.session.ended.v1", session, data));
                if (i == 0) {
                    // Redelivered at once, so most likely inside the same batch: recognised all the same.
                    producer.send(record(eventId, "rapport.session.ended.v1", session, data));
                }
                if (i == 100) {
                    producer.send(TestKafka.rawRecord("session-events", counsellor.toString(), "{not json", Map.of("ce_id", poison.toString(),
                            "ce_type", "rapport.session.ended.v1", "ce_specversion", "1.0", "ce_source", "session-service", "ce_subject", poison.toString())));
                }
            }
            producer.flush();

            ConsumerRecord<String, String> dead = dlq.await(TopicReader.subject(poison), DEADLINE);
            assertEquals("{not json", dead.value());
            assertEquals(counsellor.toString(), dead.key());
            org.junit.jupiter.api.Assertions.assertNotNull(TopicReader.header(dead, "dead-letter-reason"));
            assertEquals(TestTopics.name("session-events"), TopicReader.header(dead, "dead-letter-topic"));
            awaitView("30d", 200, 0, 0);
        }
    }

    @Test
    void aCounsellorSeesOnlyTheirOwnView() {
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "counsellor"))
                .get("/api/metrics/counsellors/{id}", counsellor).then().statusCode(403);
        for (String role : new String[] {"supervisor", "analyst", "admin"}) {
            given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), role))
                    .get("/api/metrics/counsellors/{id}", counsellor).then().statusCode(200).body("counsellorId", equalTo(counsellor.toString()));
        }
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "client"))
                .get("/api/metrics/counsellors/{id}", counsellor).then().statusCode(403);
        given().get("/api/metrics/counsellors/{id}", counsellor).then().statusCode(401);
        OpenApiValidation.invalidRequests(() -> given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                .get("/api/metrics/counsellors/{id}?window=7y", counsellor).then().statusCode(400));
    }

    private void awaitView(String window, int ended, int cancelled, int noShows) {
        await().atMost(DEADLINE).untilAsserted(() -> view(window)
                .body("sessionsEnded", equalTo(ended))
                .body("sessionsCancelled", equalTo(cancelled))
                .body("noShows", equalTo(noShows)));
    }

    private io.restassured.response.ValidatableResponse view(String window) {
        return given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                .get("/api/metrics/counsellors/{id}?window=" + window, counsellor).then().statusCode(200);
    }

    private void send(UUID eventId, String type, UUID session, String data) {
        TestKafka.send("session-events", counsellor.toString(), data, Map.of(
                "ce_id", eventId.toString(), "ce_type", type, "ce_specversion", "1.0",
                "ce_source", "session-service", "ce_subject", session.toString(), "content-type", "application/json"));
    }

    private ProducerRecord<String, String> record(UUID eventId, String type, UUID subject, String data) {
        return TestKafka.record("session-events", counsellor.toString(), data, Map.of("ce_id", eventId.toString(), "ce_type", type,
                "ce_specversion", "1.0", "ce_source", "session-service", "ce_subject", subject.toString(), "content-type", "application/json"));
    }

    private String sessionEvent(UUID session, UUID client, String status, Instant endedAt) {
        String data = SessionEventFixtures.data(session, counsellor, Scenario.ref(client), status, endedAt, endedAt == null ? Instant.now() : endedAt);
        // a property a newer session-service may add: read past, not fatal
        return data.substring(0, data.length() - 1) + ",\"futureField\":1}";
    }
}
