package dev.rapport.feedback.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.testing.QueryPlans;
import dev.rapport.testing.TestKafka;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import dev.rapport.testing.SendsInvalidRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FeedbackSubmissionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String SRS_38 = "{\"instrumentId\":\"srs\",\"answers\":{\"1\":9.5,\"2\":9.5,\"3\":9.5,\"4\":9.5},\"comment\":\"I felt heard today\"}";
    private static final String SRS_35_9 = "{\"instrumentId\":\"srs\",\"answers\":{\"1\":9.5,\"2\":9.0,\"3\":8.9,\"4\":8.5}}";
    private final ObjectMapper json = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final UUID counsellor = UUID.randomUUID();
    private final UUID client = UUID.randomUUID();

    @Inject
    Pool pool;

    @Inject
    Mutiny.SessionFactory sessionFactory;

    @Test
    void anEndedSessionsFeedbackIsScoredStoredAndPublishedWithoutPersonalData() throws Exception {
        UUID session = endedSession(Instant.now().minus(1, ChronoUnit.HOURS));
        try (TopicReader topic = TopicReader.fromNow("feedback-events")) {
            String id = submit(session, SRS_38, null).statusCode(201)
                    .body("sessionId", equalTo(session.toString()))
                    .body("instrumentId", equalTo("srs"))
                    .body("total", equalTo(38.0f))
                    .body("normalized", equalTo(95.0f))
                    .body("scorable", equalTo(true))
                    .body("flags", empty())
                    .body("comment", equalTo("I felt heard today"))
                    .extract().path("id");

            ConsumerRecord<String, String> event = topic.await(TopicReader.subject(UUID.fromString(id)), DEADLINE);
            assertEquals(counsellor.toString(), event.key());
            assertEquals("rapport.feedback.submitted.v2", TopicReader.header(event, "ce_type"));
            dev.rapport.testing.EventContracts.assertProduced("rapport.feedback.submitted.v2", event.value());
            assertEquals("feedback-service", TopicReader.header(event, "ce_source"));
            assertNotNull(UUID.fromString(TopicReader.header(event, "ce_id")));
            JsonNode data = json.readTree(event.value());
            assertEquals(id, data.get("feedbackId").asText());
            assertEquals(session.toString(), data.get("sessionId").asText());
            assertEquals(counsellor.toString(), data.get("counsellorId").asText());
            assertEquals("alliance", data.get("construct").asText());
            assertEquals(0, data.get("total").decimalValue().compareTo(new java.math.BigDecimal("38.0")), data.toString());
            assertEquals(0, data.get("normalized").decimalValue().compareTo(new java.math.BigDecimal("95.00")));
            assertTrue(data.get("hasComment").asBoolean());
            // SRS 38 with every item at 9.5: meets neither concern cut-off (total < 36, an item < 9);
            // the instrument's thresholds travel with the form (srs.json), analytics keeps no copy.
            assertFalse(data.get("concern").asBoolean());
            JsonNode thresholds = data.get("thresholds");
            assertEquals("BELOW_CUTOFF", thresholds.get("concern").get(0).get("flag").asText());
            assertEquals("lessThan", thresholds.get("concern").get(0).get("comparison").asText());
            assertEquals(36, thresholds.get("concern").get(0).get("value").asInt());
            assertEquals("anyItem", thresholds.get("concern").get(1).get("of").asText());
            assertEquals(9, thresholds.get("concern").get(1).get("value").asInt());
            assertTrue(thresholds.get("caseness").isNull());
            assertTrue(thresholds.get("reliableChange").isNull());
            assertEquals(Sessions.refOf(client), data.get("clientRef").asText(), "the client as session-service's reference");
            assertFalse(event.value().contains(client.toString()), "the client id never leaves the service");
            assertFalse(event.value().contains("heard"), "the comment never leaves the service");
            TopicReader.headers(event).values().forEach(v -> assertFalse(v.contains(client.toString())));
        }
    }

    /**
     * A submission's statements find their plans in Hibernate's query plan cache rather than
     * storing new ones: Hibernate Reactive 3.2 never finds a native select there (its result-set
     * mappings have no equals), so each submission's lock query stored one more plan under the
     * same hash, and each lookup walked them all (13 % of feedback-service's samples under B1).
     * Each round also consumes its sessions' events (each batch stored one plan until
     * ProcessedEvents bound a list). The cache is the service's: a statement the outbox relay
     * runs for the first time meanwhile adds a plan once, a leaking one adds one in every round,
     * so one round of the three must store none.
     */
    @Test
    void submissionsStoreNoNewQueryPlan() {
        List<Integer> stored = new ArrayList<>();
        int plans = QueryPlans.cached(sessionFactory);
        for (int round = 0; round < 3 && !stored.contains(0); round++) {
            UUID once = endedSession(Instant.now());
            UUID twice = endedSession(Instant.now());
            submit(once, SRS_38, null).statusCode(201);
            submit(twice, SRS_38, "key-" + round).statusCode(201);
            submit(twice, SRS_38, "key-" + round).statusCode(201);
            int after = QueryPlans.cached(sessionFactory);
            stored.add(after - plans);
            plans = after;
        }
        assertTrue(stored.contains(0), "plans stored by each round of three submissions: " + stored);
    }

    @Test
    void srsBelowTheCutOffIsFlagged() {
        UUID session = endedSession(Instant.now());
        submit(session, SRS_35_9, null).statusCode(201)
                .body("total", equalTo(35.9f))
                .body("flags", contains("BELOW_CUTOFF", "ITEM_BELOW_9"));
    }

    @Test
    void aPhq9SafetyAnswerIsFlaggedWhateverTheTotal() {
        UUID session = endedSession(Instant.now());
        submit(session, "{\"instrumentId\":\"phq-9\",\"answers\":{\"1\":0,\"2\":0,\"3\":0,\"4\":0,\"5\":0,\"6\":0,\"7\":0,\"8\":0,\"9\":1}}", null)
                .statusCode(201).body("total", equalTo(1)).body("flags", hasItem("SAFETY_ITEM"));
    }

    @Test
    void aSecondFormOnTheSameInstrumentIsAConflictUnlessItRepeatsTheIdempotencyKey() {
        UUID session = endedSession(Instant.now());
        String first = submit(session, SRS_38, "key-1").statusCode(201).extract().path("id");
        submit(session, SRS_38, "key-1").statusCode(201).body("id", equalTo(first));
        submit(session, SRS_35_9, "key-2").statusCode(409).contentType("application/problem+json");
        submit(session, SRS_35_9, null).statusCode(409);
        // Another instrument on the same session is a form of its own.
        submit(session, "{\"instrumentId\":\"gad-7\",\"answers\":{\"1\":1,\"2\":1,\"3\":1,\"4\":1,\"5\":1,\"6\":1,\"7\":1}}", null).statusCode(201);
        asClient().get("/api/sessions/{id}/feedback", session).then().statusCode(200).body("", hasSize(2));
    }

    @Test
    void concurrentRepeatsOfOneSubmissionAllGetTheFirstResponse() throws Exception {
        UUID session = endedSession(Instant.now());
        int repeats = 8;
        ExecutorService clients = Executors.newFixedThreadPool(repeats);
        try {
            CyclicBarrier together = new CyclicBarrier(repeats);
            List<Future<Map.Entry<Integer, String>>> answers = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                answers.add(clients.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    var response = asClient().contentType(ContentType.JSON).body(SRS_38).header("Idempotency-Key", "same-key")
                            .post("/api/sessions/{id}/feedback", session);
                    return Map.entry(response.statusCode(), String.valueOf(response.jsonPath().getString("id")));
                }));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Map.Entry<Integer, String>> answer : answers) {
                Map.Entry<Integer, String> statusAndId = answer.get(60, TimeUnit.SECONDS);
                assertEquals(201, statusAndId.getKey(), "every repeat gets the first response, none a 409");
                ids.add(statusAndId.getValue());
            }
            assertEquals(1, ids.size(), "one form, the same id for all: " + ids);
            asClient().get("/api/sessions/{id}/feedback", session).then().statusCode(200).body("", hasSize(1));
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Found by the benchmark: under load, clients that gave up on a slow answer made Quarkus REST
     * cancel the request's unit of work halfway; Hibernate Reactive closed its session under the
     * running statement and never returned the connection, until the pool was empty and the
     * service answered nothing. A hang-up must let the unit of work end as it would have.
     */
    @Test
    void aClientThatHangsUpMidSubmissionLeavesNoConnectionBehindAndTheFormIsStoredOnce() throws Exception {
        UUID session = endedSession(Instant.now());
        // The test holds the lock a submission of this form takes, so the request waits inside its transaction.
        SqlConnection holder = pool.getConnection().await().atMost(DEADLINE);
        try {
            holder.preparedQuery("SELECT pg_advisory_lock(4017, hashtext($1))").execute(Tuple.of(session + "/srs")).await().atMost(DEADLINE);
            var hangsUpAfterOneSecond = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 1000).setParam("http.connection.timeout", 1000));
            assertThrows(Exception.class, () -> asClient().config(hangsUpAfterOneSecond).contentType(ContentType.JSON).body(SRS_38)
                    .header("Idempotency-Key", "hung-up").post("/api/sessions/{id}/feedback", session));
            await().atMost(DEADLINE).until(() -> waitingForAnAdvisoryLock() > 0);
        } finally {
            holder.preparedQuery("SELECT pg_advisory_unlock_all()").execute().await().atMost(DEADLINE);
            holder.close().await().atMost(DEADLINE);
        }

        // The unit of work ends as if the client had waited: the form is stored once and committed,
        // its transaction and connection are given back, and the repeat gets the first response.
        await().atMost(DEADLINE).untilAsserted(() -> asClient().get("/api/sessions/{id}/feedback", session).then().statusCode(200)
                .body("", hasSize(1)));
        await().atMost(DEADLINE).until(() -> count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()") == 0);
        submit(session, SRS_38, "hung-up").statusCode(201);
        asClient().get("/api/sessions/{id}/feedback", session).then().statusCode(200).body("", hasSize(1));
    }

    private long waitingForAnAdvisoryLock() {
        return count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    }

    private long count(String sql) {
        return pool.query(sql).execute().await().atMost(DEADLINE).iterator().next().getLong(0);
    }

    @Test
    @SendsInvalidRequests
    void invalidAnswersAreRejectedItemByItemAndNothingIsStored() {
        UUID session = endedSession(Instant.now());
        submit(session, "{\"instrumentId\":\"phq-9\",\"answers\":{\"1\":0,\"2\":4,\"3\":1.5,\"4\":\"two\",\"5\":0,\"6\":0,\"7\":0,\"8\":0,\"10\":0}}", null)
                .statusCode(422).contentType("application/problem+json")
                .body("violations.field", hasItem("answers.2"))
                .body("violations.field", hasItem("answers.3"))
                .body("violations.field", hasItem("answers.4"))
                .body("violations.field", hasItem("answers.9"))
                .body("violations.field", hasItem("answers.10"));
        submit(session, "{\"instrumentId\":\"nope\",\"answers\":{}}", null).statusCode(422).body("violations.field", hasItem("instrumentId"));
        submit(session, "{\"instrumentId\":\"srs\",\"answers\":{\"1\":9}, \"extra\":1}", null).statusCode(400).body("violations.field", hasItem("extra"));
        submit(session, "{\"instrumentId\":\"srs\",", null).statusCode(400);
        asClient().get("/api/sessions/{id}/feedback", session).then().statusCode(200).body("", empty());
    }

    @Test
    void feedbackIsTakenOnlyFromTheSessionsClientAfterItEndedAndWithinTheWindow() {
        UUID ended = endedSession(Instant.now());
        // Another client, known here (their key came with a session of their own): not found.
        UUID otherClient = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        Sessions.publish(theirs, counsellor, otherClient, "ENDED", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        await().atMost(DEADLINE).untilAsserted(() -> given().header("Authorization", TestTokens.bearer(otherClient, "client"))
                .get("/api/sessions/{id}/feedback", theirs).then().statusCode(200));
        given().header("Authorization", TestTokens.bearer(otherClient, "client")).contentType(ContentType.JSON).body(SRS_38)
                .post("/api/sessions/{id}/feedback", ended).then().statusCode(404);
        // A client whose key has not arrived yet is asked to retry, like for a session not known yet.
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "client")).contentType(ContentType.JSON).body(SRS_38)
                .post("/api/sessions/{id}/feedback", ended).then().statusCode(409).header("Retry-After", "2");
        given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).contentType(ContentType.JSON).body(SRS_38)
                .post("/api/sessions/{id}/feedback", ended).then().statusCode(403);
        given().contentType(ContentType.JSON).body(SRS_38).post("/api/sessions/{id}/feedback", ended).then().statusCode(401);

        UUID running = UUID.randomUUID();
        Sessions.publish(running, counsellor, client, "IN_PROGRESS", null);
        awaitKnown(running, "IN_PROGRESS");
        submit(running, SRS_38, null).statusCode(409).header("Retry-After", "2");
        submit(UUID.randomUUID(), SRS_38, null).statusCode(409).header("Retry-After", "2");

        // The window's boundary to the second is FeedbackWindowTest's; through the API, a session
        // ended 14 days and 1 second ago is closed (time only moves on), and one ended 14 days minus
        // a minute ago is open (the minute covers the wait until the session is known here).
        UUID closed = endedSession(Instant.now().minus(14, ChronoUnit.DAYS).minusSeconds(1));
        submit(closed, SRS_38, null).statusCode(409).header("Retry-After", nullValue())
                .body("detail", equalTo("Feedback closed 14 days after the session ended"));
        UUID lastMinute = endedSession(Instant.now().minus(14, ChronoUnit.DAYS).plusSeconds(60));
        submit(lastMinute, SRS_38, null).statusCode(201);

        UUID cancelled = UUID.randomUUID();
        Sessions.publish(cancelled, counsellor, client, "CANCELLED", null);
        await().atMost(DEADLINE).untilAsserted(() -> submit(cancelled, SRS_38, null).statusCode(409).header("Retry-After", nullValue()));
        submit(ended, SRS_38, null).statusCode(201);
    }

    @Test
    void theCommentIsShownToTheClientAndTheCounsellorButNotToAnAdmin() {
        UUID session = endedSession(Instant.now());
        submit(session, SRS_38, null).statusCode(201);
        asClient().get("/api/sessions/{id}/feedback", session).then().statusCode(200).body("[0].comment", equalTo("I felt heard today"));
        given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).get("/api/sessions/{id}/feedback", session)
                .then().statusCode(200).body("[0].comment", equalTo("I felt heard today"));
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "admin")).get("/api/sessions/{id}/feedback", session)
                .then().statusCode(200).body("[0].total", equalTo(38.0f)).body("[0]", not(org.hamcrest.Matchers.hasKey("comment")));
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "counsellor")).get("/api/sessions/{id}/feedback", session)
                .then().statusCode(404);
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "supervisor")).get("/api/sessions/{id}/feedback", session)
                .then().statusCode(403);
    }

    @Test
    void pendingListsEndedSessionsWithoutFeedbackOnly() {
        UUID waiting = endedSession(Instant.now());
        UUID answered = endedSession(Instant.now());
        submit(answered, SRS_38, null).statusCode(201);
        asClient().get("/api/feedback/pending").then().statusCode(200)
                .body("sessionId", hasItem(waiting.toString()))
                .body("sessionId", not(hasItem(answered.toString())));
        given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).get("/api/feedback/pending").then().statusCode(403);
    }

    @Test
    void aPoisonSessionEventGoesToTheDeadLetterTopicAndTheNextIsStillProcessed() {
        try (TopicReader dlq = TopicReader.fromNow("feedback-service.session-events-dlq")) {
            UUID poison = UUID.randomUUID();
            TestKafka.sendRaw("session-events", counsellor.toString(), "{\"sessionId\":\"" + poison + "\"}",
                    Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", "rapport.session.ended.v1", "ce_subject", poison.toString()));
            UUID good = endedSession(Instant.now());
            assertNotNull(TopicReader.header(dlq.await(TopicReader.subject(poison), DEADLINE), "dead-letter-reason"));
            submit(good, SRS_38, null).statusCode(201);
        }
    }

    @Test
    void instrumentsAreServedToSignedInUsersWithLicensedWordingLeftOut() {
        RequestSpecification anyone = given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "analyst"));
        anyone.get("/api/instruments").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItems("wai-sr", "srs", "care", "ors", "phq-9", "gad-7"));
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "client")).get("/api/instruments/phq-9").then().statusCode(200)
                .body("items[8].text", org.hamcrest.Matchers.containsString("better off dead"));
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "client")).get("/api/instruments/wai-sr").then().statusCode(200)
                .body("items.text", everyItemNull());
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "client")).get("/api/instruments/nope").then().statusCode(404);
        given().get("/api/instruments").then().statusCode(401);
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyItemNull() {
        return org.hamcrest.Matchers.everyItem(nullValue());
    }

    private UUID endedSession(Instant endedAt) {
        UUID session = UUID.randomUUID();
        Sessions.publish(session, counsellor, client, "ENDED", endedAt.truncatedTo(ChronoUnit.MILLIS));
        awaitKnown(session, "ENDED");
        return session;
    }

    /** The projection has the session once the client may read its (empty) feedback list. */
    private void awaitKnown(UUID session, String status) {
        await().atMost(DEADLINE).untilAsserted(() -> asClient().get("/api/sessions/{id}/feedback", session).then().statusCode(200));
    }

    private ValidatableResponse submit(UUID session, String body, String idempotencyKey) {
        RequestSpecification request = asClient().contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/sessions/{id}/feedback", session).then();
    }

    private RequestSpecification asClient() {
        return given().header("Authorization", TestTokens.bearer(client, "client"));
    }
}
