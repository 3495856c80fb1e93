package dev.rapport.analytics.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.rapport.testing.TestKafka;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FeedbackEventsConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final UUID counsellor = UUID.randomUUID();

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRecordIsStillProcessed() {
        try (TopicReader dlq = TopicReader.fromNow("analytics-service.feedback-events-dlq")) {
            UUID notJson = UUID.randomUUID();
            poison(notJson, "{not json");
            // Readable JSON without the fields analytics relies on is poison too.
            UUID incomplete = UUID.randomUUID();
            poison(incomplete, "{\"feedbackId\":\"" + UUID.randomUUID() + "\",\"scorable\":true}");

            Scenario s = new Scenario();
            UUID client = UUID.randomUUID();
            UUID session = s.ended(counsellor, client, 3);
            s.form(counsellor, client, session, "srs", "alliance", "38", "95.00", 3);
            s.sessionEvents.forEach(Scenario.Event::send);
            s.feedbackEvents.forEach(Scenario.Event::send);

            ConsumerRecord<String, String> dead = dlq.await(TopicReader.subject(notJson), DEADLINE);
            assertEquals("{not json", dead.value());
            assertEquals(counsellor.toString(), dead.key());
            assertNotNull(TopicReader.header(dead, "dead-letter-reason"));
            assertNotNull(TopicReader.header(dlq.await(TopicReader.subject(incomplete), DEADLINE), "dead-letter-reason"));
            await().atMost(DEADLINE).untilAsserted(() -> given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                    .get("/api/metrics/counsellors/{id}?window=30d", counsellor).then().statusCode(200)
                    .body("allianceIndex", equalTo(95.0f)).body("feedbackRate", equalTo(1.0f)));
        }
    }

    @Test
    void aBacklogRaisingHundredsOfAlertsPerBatchIsAppliedWhole() {
        // Every form flagged: each 500-record batch raises 500 alerts into the outbox in its transaction.
        int forms = 1500;
        Scenario s = new Scenario();
        for (int i = 0; i < forms; i++) {
            UUID client = UUID.randomUUID();
            s.form(counsellor, client, UUID.randomUUID(), "phq-9", "outcome", "21", "20.00", 1, "SAFETY_ITEM");
        }
        try (KafkaProducer<String, String> producer = Scenario.producer()) {
            s.feedbackEvents.forEach(event -> producer.send(event.record()));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                .get("/api/metrics/counsellors/{id}?window=30d", counsellor).then().statusCode(200)
                .body("safetyAlerts", equalTo(forms)));
    }

    private void poison(UUID id, String value) {
        TestKafka.send("feedback-events", counsellor.toString(), value, Map.of("ce_id", id.toString(),
                "ce_type", "rapport.feedback.submitted.v1", "ce_specversion", "1.0", "ce_source", "test", "ce_subject", id.toString()));
    }
}
