package dev.rapport.analytics.messaging;

import static dev.rapport.analytics.messaging.Scenario.DEADLINE;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.rapport.platform.messaging.ConsumerMeters;
import dev.rapport.testing.TestKafka;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FeedbackEventsConsumerTest {

    private final UUID counsellor = UUID.randomUUID();

    @Inject
    Pool pool;

    @Inject
    ConsumerMeters consumerMeters;

    /** Every consumer counts its retries and dead letters from start-up (the alert on dead letters reads them). */
    @Test
    void everyConsumerHasItsCountersFromStartUp() {
        assertEquals(Set.of(SessionEventsConsumer.CONSUMER, FeedbackEventsConsumer.CONSUMER, SafetyAlertsConsumer.CONSUMER,
                ErasureRequests.CONSUMER), consumerMeters.registeredAtStartUp());
    }

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
        // Every client's first SRS below 36: each 500-record batch raises 500 rupture alerts into the
        // outbox in its transaction.
        int forms = 1500;
        Scenario s = new Scenario();
        for (int i = 0; i < forms; i++) {
            UUID client = UUID.randomUUID();
            s.ruptureOpening(counsellor, client, UUID.randomUUID(), 1);
        }
        try (KafkaProducer<String, String> producer = Scenario.producer()) {
            s.feedbackEvents.forEach(event -> producer.send(event.record()));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                .get("/api/metrics/counsellors/{id}?window=30d", counsellor).then().statusCode(200)
                .body("openRuptures", equalTo(forms)));
    }

    @Test
    void aFormWithARiskAnswerRaisesNoSafetyAlertHere() {
        // feedback-service raises the safety alert and announces it on alerts; analytics only reads it.
        Scenario s = new Scenario();
        UUID client = UUID.randomUUID();
        UUID session = s.ended(counsellor, client, 1);
        UUID flagged = s.form(counsellor, client, session, "phq-9", "outcome", "15", "44.44", 1, "SAFETY_ITEM");
        UUID marker = s.ruptureOpening(counsellor, client, session, 1);
        s.sessionEvents.forEach(Scenario.Event::send);
        s.feedbackEvents.forEach(Scenario.Event::send);
        // The SRS after the flagged PHQ-9 raises a rupture alert: both forms have been recorded. (The
        // outbox, not the topic: an instance of an older version on the same broker would publish
        // its own alerts there.)
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(List.of("rapport.alert.rupture.v1"), outboxTypes(marker)));
        assertEquals(List.of(), outboxTypes(flagged));
        given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                .get("/api/metrics/counsellors/{id}?window=30d", counsellor).then().statusCode(200)
                .body("safetyAlerts", equalTo(0)).body("openRuptures", equalTo(1));
    }

    @Test
    void aV1FormIsReadThroughTheCompatibilityPathAndAV2WithoutItsThresholdsIsPoison() throws Exception {
        try (TopicReader dlq = TopicReader.fromNow("analytics-service.feedback-events-dlq")) {
            Scenario s = new Scenario();
            UUID client = UUID.randomUUID();
            UUID session = s.ended(counsellor, client, 2);
            // SRS 37 (92.50): the total is not below 36, but one item is below 9. v1 carried that as
            // the flag ITEM_BELOW_9, which the compatibility path reads as "of concern": an episode
            // opens on the client's first form, with a rupture alert.
            s.v1 = true;
            UUID v1Form = s.form(counsellor, client, session, "srs", "alliance", "37", "92.50", 2, "ITEM_BELOW_9");
            s.v1 = false;
            // A v2 whose thresholds are missing cannot be judged: poison, not a form without rules.
            UUID other = UUID.randomUUID();
            UUID v2Form = s.form(counsellor, other, s.ended(counsellor, other, 2), "phq-9", "outcome", "12", "55.56", 2);
            Scenario.Event v2 = s.feedbackEvents.get(s.feedbackEvents.size() - 1);
            var data = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(v2.data());
            data.remove("thresholds");
            TestKafka.sendRaw("feedback-events", counsellor.toString(), data.toString(), Map.of("ce_id", v2.id().toString(),
                    "ce_type", "rapport.feedback.submitted.v2", "ce_specversion", "1.0", "ce_source", "test",
                    "ce_subject", v2Form.toString()));
            s.sessionEvents.forEach(Scenario.Event::send);
            s.feedbackEvents.get(0).send();

            await().atMost(DEADLINE).untilAsserted(() -> assertEquals(List.of("rapport.alert.rupture.v1"), outboxTypes(v1Form)));
            assertNotNull(TopicReader.header(dlq.await(TopicReader.subject(v2Form), DEADLINE), "dead-letter-reason"));
            given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                    .get("/api/metrics/counsellors/{id}?window=30d", counsellor).then().statusCode(200)
                    .body("openRuptures", equalTo(1)).body("ruptures", equalTo(1)).body("allianceIndex", equalTo(92.5f));
        }
    }

    /** The types of the events this service put in its outbox about a feedback. */
    private List<String> outboxTypes(UUID feedback) {
        List<String> types = new java.util.ArrayList<>();
        pool.preparedQuery("SELECT event_type FROM outbox_event WHERE subject = $1 ORDER BY seq").execute(Tuple.of(feedback.toString()))
                .await().indefinitely().forEach(row -> types.add(row.getString(0)));
        return types;
    }

    private void poison(UUID id, String value) {
        TestKafka.sendRaw("feedback-events", counsellor.toString(), value, Map.of("ce_id", id.toString(),
                "ce_type", "rapport.feedback.submitted.v1", "ce_specversion", "1.0", "ce_source", "test", "ce_subject", id.toString()));
    }
}
