package dev.rapport.session.api;

import static dev.rapport.session.api.SessionApi.change;
import static dev.rapport.session.api.SessionApi.scheduled;
import static dev.rapport.testing.TopicReader.header;
import static dev.rapport.testing.TopicReader.subject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionLifecycleTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private final ObjectMapper json = new ObjectMapper();
    private final UUID counsellor = UUID.randomUUID();
    private final UUID client = UUID.randomUUID();
    private TopicReader topic;

    @BeforeEach
    void readTopic() {
        topic = TopicReader.fromNow("session-events");
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void aSessionRunsFromScheduledToEndedAndEachChangeIsPublishedOnce() throws Exception {
        io.restassured.response.ExtractableResponse<?> created = SessionApi.schedule(counsellor, client)
                .statusCode(201)
                .body("counsellorId", equalTo(counsellor.toString()))
                .body("clientId", equalTo(client.toString()))
                .body("clientRef", matchesPattern("[0-9a-f]{32}"))
                .body("status", equalTo("SCHEDULED"))
                .body("modality", equalTo("VIDEO"))
                .body("version", equalTo(0))
                .extract();
        UUID session = UUID.fromString(created.path("id"));
        assertTrue(created.header("Location").endsWith("/api/sessions/" + session));

        change(session, "start", counsellor, "counsellor").statusCode(200)
                .body("status", equalTo("IN_PROGRESS")).body("startedAt", notNullValue()).body("endedAt", nullValue());
        change(session, "end", counsellor, "counsellor").statusCode(200)
                .body("status", equalTo("ENDED")).body("endedAt", notNullValue())
                .body("durationSeconds", greaterThanOrEqualTo(0)).body("version", equalTo(2));

        List<ConsumerRecord<String, String>> events = topic.awaitAll(subject(session), 3, DEADLINE);
        assertEquals(List.of("rapport.session.scheduled.v1", "rapport.session.started.v1", "rapport.session.ended.v1"),
                events.stream().map(r -> header(r, "ce_type")).toList());

        ConsumerRecord<String, String> ended = events.get(2);
        assertEquals(counsellor.toString(), ended.key(), "record key is the counsellor id");
        assertEquals("1.0", header(ended, "ce_specversion"));
        assertEquals("session-service", header(ended, "ce_source"));
        assertEquals(session.toString(), header(ended, "ce_subject"));
        assertNotNull(UUID.fromString(header(ended, "ce_id")));
        assertNotNull(Instant.parse(header(ended, "ce_time")));
        assertTrue(header(ended, "content-type").startsWith("application/json"));

        JsonNode data = json.readTree(ended.value());
        assertEquals(session.toString(), data.get("sessionId").asText());
        assertEquals(counsellor.toString(), data.get("counsellorId").asText());
        assertEquals(created.path("clientRef"), data.get("clientRef").asText(), "the client as the reference");
        assertFalse(data.has("clientId"), "no raw client id on a topic");
        assertFalse(ended.value().contains(client.toString()), "no raw client id anywhere in the record");
        TopicReader.headers(ended).values().forEach(v -> assertFalse(v.contains(client.toString())));
        assertEquals("ENDED", data.get("status").asText());
        assertNotNull(Instant.parse(data.get("endedAt").asText()));
        assertNotNull(Instant.parse(data.get("occurredAt").asText()));

        // A marker: one more event of the same counsellor (key, partition), published after these.
        UUID marker = scheduled(counsellor, client);
        assertEquals(List.of(events.get(0).offset(), events.get(1).offset(), events.get(2).offset()),
                offsetsOf(topic.untilMarker(subject(marker), DEADLINE), session), "each event once, none twice");
        assertEquals(3, events.stream().map(r -> header(r, "ce_id")).distinct().count(), "three events, three ids");
    }

    /** The offsets of the session's records, in the topic's order (one counsellor, one partition). */
    private static List<Long> offsetsOf(List<ConsumerRecord<String, String>> records, UUID session) {
        return records.stream().filter(subject(session)).map(ConsumerRecord::offset).sorted().toList();
    }

    @Test
    void cancellingAndNoShowArePublishedWithTheirTypes() {
        UUID cancelled = scheduled(counsellor, client);
        given().header("Authorization", TestTokens.bearer(client, "client")).contentType(ContentType.JSON)
                .body(Map.of("reason", "feeling unwell")).post("/api/sessions/{id}/cancel", cancelled)
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        UUID missed = scheduled(counsellor, client);
        change(missed, "no-show", counsellor, "counsellor").statusCode(200).body("status", equalTo("NO_SHOW"));

        ConsumerRecord<String, String> cancelEvent = topic.await(subject(cancelled).and(TopicReader.type("rapport.session.cancelled.v1")), DEADLINE);
        assertTrue(!cancelEvent.value().contains("unwell"), "the cancel reason (free text) stays in the service");
        topic.await(subject(missed).and(TopicReader.type("rapport.session.no-show.v1")), DEADLINE);
    }

    @Test
    void endingASessionTwiceIsAConflict() {
        UUID session = scheduled(counsellor, client);
        change(session, "start", counsellor, "counsellor").statusCode(200);
        change(session, "end", counsellor, "counsellor").statusCode(200);
        change(session, "end", counsellor, "counsellor").statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409)).body("detail", equalTo("A session that is ENDED cannot be ended"));
    }

    @Test
    void endingASessionThatNeverStartedIsAConflict() {
        UUID session = scheduled(counsellor, client);
        change(session, "end", counsellor, "counsellor").statusCode(409);
        change(session, "cancel", counsellor, "counsellor").statusCode(200);
        change(session, "start", counsellor, "counsellor").statusCode(409);
    }

    @Test
    void twoConcurrentEndsGiveOneSuccessOneConflictAndOneEvent() {
        for (int round = 0; round < 5; round++) {
            UUID session = scheduled(counsellor, client);
            change(session, "start", counsellor, "counsellor").statusCode(200);
            List<CompletableFuture<Integer>> ends = List.of(
                    CompletableFuture.supplyAsync(() -> change(session, "end", counsellor, "counsellor").extract().statusCode()),
                    CompletableFuture.supplyAsync(() -> change(session, "end", counsellor, "counsellor").extract().statusCode()));
            List<Integer> statuses = ends.stream().map(CompletableFuture::join).sorted().toList();
            assertEquals(List.of(200, 409), statuses, "round " + round);
            topic.await(subject(session).and(TopicReader.type("rapport.session.ended.v1")), DEADLINE);
            UUID marker = scheduled(counsellor, client);
            assertEquals(1, topic.untilMarker(subject(marker), DEADLINE).stream()
                    .filter(subject(session).and(TopicReader.type("rapport.session.ended.v1"))).count(), "round " + round + ": one ended event");
        }
    }
}
