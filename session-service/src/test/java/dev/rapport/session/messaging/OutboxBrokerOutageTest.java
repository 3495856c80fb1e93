package dev.rapport.session.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rapport.testing.LocalPlatform;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away for real (./platform down kafka): the API keeps answering and accepting
 * changes, readiness says the broker is down, and once it is back every event is delivered, in
 * order per counsellor.
 */
@QuarkusTest
class OutboxBrokerOutageTest {

    private static final int SESSIONS = 5;

    @Test
    void aBrokerOutageDelaysEventsButLosesNoneAndKeepsTheirOrder() {
        Assumptions.assumeTrue(LocalPlatform.managesKafka(), "needs the broker of ./platform (run through ./platform test)");
        UUID counsellor = UUID.randomUUID();
        String token = TestTokens.bearer(counsellor, "counsellor");
        List<UUID> sessions = new ArrayList<>();

        try (TopicReader topic = TopicReader.fromNow("session-events")) {
            LocalPlatform.stop("kafka");
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        given().get("/q/health/ready").then().statusCode(503));

                for (int i = 0; i < SESSIONS; i++) {
                    UUID session = UUID.fromString(given().header("Authorization", token).contentType(ContentType.JSON)
                            .body(Map.of("clientId", UUID.randomUUID().toString(),
                                    "scheduledStart", Instant.now().plus(1, ChronoUnit.DAYS).toString(), "modality", "AUDIO"))
                            .post("/api/sessions").then().statusCode(201).extract().path("id"));
                    given().header("Authorization", token).post("/api/sessions/{id}/start", session).then().statusCode(200);
                    given().header("Authorization", token).post("/api/sessions/{id}/end", session).then().statusCode(200);
                    sessions.add(session);
                }
            } finally {
                LocalPlatform.start("kafka");
            }
            // The requests above were answered (201, 200, 200) with the broker down; how fast is the
            // benchmark's to report, not a functional test's to assert on a shared machine.

            List<ConsumerRecord<String, String>> events = topic.awaitAll(
                    record -> counsellor.toString().equals(record.key()), 3 * SESSIONS, Duration.ofSeconds(90));
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            for (UUID session : sessions) {
                for (String verb : List.of("scheduled", "started", "ended")) {
                    expected.add(session + " rapport.session." + verb + ".v1");
                }
            }
            events.forEach(e -> actual.add(TopicReader.header(e, "ce_subject") + " " + TopicReader.header(e, "ce_type")));
            assertEquals(expected, actual, "every event once, in the counsellor's order");
            assertEquals(1, events.stream().map(ConsumerRecord::partition).distinct().count(), "one counsellor, one partition");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
