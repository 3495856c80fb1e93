package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.restassured.http.ContentType;
import dev.rapport.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton, end to end against the running platform with real Keycloak tokens: a
 * counsellor schedules, starts and ends a session; the end is published on session-events;
 * feedback-service takes the client's feedback on it; analytics counts it.
 */
class WalkingSkeletonTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void schedulingNeedsACounsellorsToken() {
        Map<String, String> body = Map.of("clientId", Platform.CLIENT1.toString(), "scheduledStart", tomorrow(), "modality", "VIDEO");
        given().contentType(ContentType.JSON).body(body).post(Platform.SESSIONS + "/api/sessions")
                .then().statusCode(401);
        given().header("Authorization", Platform.bearer("client1")).contentType(ContentType.JSON).body(body)
                .post(Platform.SESSIONS + "/api/sessions")
                .then().statusCode(403);
    }

    @Test
    void anEndedSessionReachesFeedbackAndAnalytics() {
        String counsellor = Platform.bearer("counsellor1");
        int endedBefore = sessionsEnded(counsellor);

        try (KafkaConsumer<String, String> topic = readFromNow("session-events")) {
            String id = given().header("Authorization", counsellor).contentType(ContentType.JSON)
                    .body(Map.of("clientId", Platform.CLIENT1.toString(), "scheduledStart", tomorrow(), "modality", "VIDEO"))
                    .post(Platform.SESSIONS + "/api/sessions")
                    .then().statusCode(201).body("counsellorId", equalTo(Platform.COUNSELLOR1.toString()))
                    .extract().path("id");
            given().header("Authorization", counsellor).post(Platform.SESSIONS + "/api/sessions/{id}/start", id).then().statusCode(200);
            given().header("Authorization", counsellor).post(Platform.SESSIONS + "/api/sessions/{id}/end", id)
                    .then().statusCode(200).body("status", equalTo("ENDED"));

            ConsumerRecord<String, String> ended = awaitRecord(topic, id, "rapport.session.ended.v1");
            assertEquals(Platform.COUNSELLOR1.toString(), ended.key());
            assertEquals("session-service", header(ended, "ce_source"));
            assertNotNull(UUID.fromString(header(ended, "ce_id")));

            await().atMost(DEADLINE).untilAsserted(() -> given().header("Authorization", Platform.bearer("client1"))
                    .contentType(ContentType.JSON)
                    .body("{\"instrumentId\":\"srs\",\"answers\":{\"1\":9.0,\"2\":8.5,\"3\":9.5,\"4\":9.0}}")
                    .post(Platform.FEEDBACK + "/api/sessions/{id}/feedback", id)
                    .then().statusCode(201).body("total", equalTo(36.0f)).body("normalized", equalTo(90.0f)));

            await().atMost(DEADLINE).untilAsserted(() -> assertEquals(endedBefore + 1, sessionsEnded(counsellor)));
        }
    }

    private static int sessionsEnded(String token) {
        return given().header("Authorization", token)
                .get(Platform.ANALYTICS + "/api/metrics/counsellors/{id}?window=30d", Platform.COUNSELLOR1)
                .then().statusCode(200).extract().path("sessionsEnded");
    }

    static KafkaConsumer<String, String> readFromNow(String topic) {
        Properties props = TestKafka.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    static ConsumerRecord<String, String> awaitRecord(KafkaConsumer<String, String> consumer, String subject, String type) {
        Instant end = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(end)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (subject.equals(header(record, "ce_subject")) && type.equals(header(record, "ce_type"))) {
                    return record;
                }
            }
        }
        throw new AssertionError("No " + type + " for session " + subject + " within " + DEADLINE);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String tomorrow() {
        return Instant.now().plus(1, ChronoUnit.DAYS).toString();
    }
}
