package dev.rapport.feedback.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.feedback.service.SafetyAlerts;
import dev.rapport.testing.EventStream;
import dev.rapport.testing.OpenApiValidation;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The safety pathway (docs/domain.md "The safety pathway", docs/openapi/feedback-service.yaml) through REST, Kafka and PostgreSQL. */
@QuarkusTest
class SafetyAlertTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String PHQ9_ITEM9_1 = phq9(1);
    private static final String PHQ9_ITEM9_0 = phq9(0);
    private final ObjectMapper json = new ObjectMapper();
    private final UUID counsellor = UUID.randomUUID();
    private final UUID otherCounsellorOfTheClient = UUID.randomUUID();
    private final UUID client = UUID.randomUUID();
    private final UUID supervisor = UUID.randomUUID();

    @Inject
    SafetyAlerts alerts;

    @Inject
    Pool pool;

    @Inject
    dev.rapport.feedback.service.SafetyEscalation escalation;

    @TestHTTPResource("/api/alerts/safety/stream")
    URL stream;

    @Test
    void aRiskAnswerRaisesAnAlertAnnouncedAtOnceAndTellsTheClientWhereToFindHelp() throws Exception {
        UUID session = session("IN_PROGRESS");
        try (TopicReader topic = TopicReader.fromNow("alerts")) {
            String alertId = submit(session, PHQ9_ITEM9_1, "risk-1").statusCode(201)
                    .body("flags", hasItem("SAFETY_ITEM"))
                    .body("support.message", notNullValue())
                    .body("support.contacts.size()", equalTo(1))
                    .body("safetyAlertId", notNullValue())
                    .extract().path("safetyAlertId");
            // A repeat of the same request answers as the first did, alert included; no second alert.
            submit(session, PHQ9_ITEM9_1, "risk-1").statusCode(201).body("safetyAlertId", equalTo(alertId));

            ConsumerRecord<String, String> raised = topic.await(TopicReader.subject(UUID.fromString(alertId)), DEADLINE);
            assertEquals("rapport.alert.safety.raised.v1", TopicReader.header(raised, "ce_type"));
            assertEquals(counsellor.toString(), raised.key());
            JsonNode data = json.readTree(raised.value());
            assertEquals(alertId, data.get("alertId").asText());
            assertEquals("OPEN", data.get("status").asText());
            assertEquals(32, data.get("clientRef").asText().length());
            assertFalse(raised.value().contains(client.toString()), "no client id on a topic");
            assertFalse(data.has("answer"), "the answer stays in feedback-service");
            TopicReader.headers(raised).values().forEach(v -> assertFalse(v.contains(client.toString())));

            asCounsellor(counsellor).get("/api/alerts/safety/{id}", alertId).then().statusCode(200)
                    .body("status", equalTo("OPEN")).body("clientId", equalTo(client.toString()))
                    .body("instrumentId", equalTo("phq-9")).body("item", equalTo("9")).body("answer", equalTo(1.0f))
                    .body("escalatedAt", nullValue());
        }
        submit(session("ENDED"), PHQ9_ITEM9_0, null).statusCode(201)
                .body("$", not(hasKey("support"))).body("$", not(hasKey("safetyAlertId")));
    }

    @Test
    void aPersonAcknowledgesAndResolvesTheAlertAndOnlyThoseWhoMaySeeItCan() {
        String alertId = raiseAlert();
        session(otherCounsellorOfTheClient, "SCHEDULED");
        UUID stranger = UUID.randomUUID();

        // Who may see it: every counsellor of the client, supervisors (pseudonymously in lists), admins.
        asCounsellor(otherCounsellorOfTheClient).get("/api/alerts/safety").then().statusCode(200)
                .body("items.id", hasItem(alertId));
        asCounsellor(stranger).get("/api/alerts/safety").then().statusCode(200).body("items.id", not(hasItem(alertId)));
        asCounsellor(stranger).get("/api/alerts/safety/{id}", alertId).then().statusCode(404).contentType("application/problem+json");
        asCounsellor(stranger).post("/api/alerts/safety/{id}/acknowledge", alertId).then().statusCode(404);
        given().header("Authorization", TestTokens.bearer(client, "client")).get("/api/alerts/safety").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "analyst")).get("/api/alerts/safety/{id}", alertId)
                .then().statusCode(403);
        given().get("/api/alerts/safety").then().statusCode(401);
        asSupervisor().get("/api/alerts/safety?status=OPEN&size=100").then().statusCode(200)
                .body("items.find { it.id == '" + alertId + "' }.clientRef", notNullValue())
                .body("items.find { it.id == '" + alertId + "' }", not(hasKey("clientId")));
        asSupervisor().get("/api/alerts/safety/{id}", alertId).then().statusCode(200).body("clientId", equalTo(client.toString()));
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "admin")).get("/api/alerts/safety/{id}", alertId)
                .then().statusCode(200).body("clientId", equalTo(client.toString()));
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "admin"))
                .post("/api/alerts/safety/{id}/acknowledge", alertId).then().statusCode(403);
        OpenApiValidation.invalidRequests(() -> asCounsellor(counsellor).get("/api/alerts/safety?status=SOON").then().statusCode(400)
                .body("violations.field", hasItem("status")));

        asCounsellor(counsellor).post("/api/alerts/safety/{id}/acknowledge", alertId).then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo(counsellor.toString()))
                .body("acknowledgedAt", notNullValue());
        asCounsellor(otherCounsellorOfTheClient).post("/api/alerts/safety/{id}/acknowledge", alertId).then().statusCode(409)
                .contentType("application/problem+json");

        // Resolution needs an outcome of the list; the note stays here.
        OpenApiValidation.invalidRequests(() -> {
            resolve(otherCounsellorOfTheClient, alertId, "{}").statusCode(400).body("violations.field", hasItem("outcome"));
            resolve(otherCounsellorOfTheClient, alertId, "{\"outcome\":\"FINE\"}").statusCode(400).contentType("application/problem+json");
        });
        try (TopicReader topic = TopicReader.fromNow("alerts")) {
            resolve(otherCounsellorOfTheClient, alertId, "{\"outcome\":\"SAFETY_PLAN\",\"note\":\"Plan agreed by phone with Dr Who\"}")
                    .statusCode(200).body("status", equalTo("RESOLVED")).body("outcome", equalTo("SAFETY_PLAN"))
                    .body("resolvedBy", equalTo(otherCounsellorOfTheClient.toString()));
            ConsumerRecord<String, String> resolved = topic.await(TopicReader.type("rapport.alert.safety.resolved.v1")
                    .and(TopicReader.subject(UUID.fromString(alertId))), DEADLINE);
            assertFalse(resolved.value().contains("Dr Who"), "the note never leaves feedback-service");
            assertFalse(resolved.value().contains("SAFETY_PLAN"), "nor does the outcome");
        }
        resolve(counsellor, alertId, "{\"outcome\":\"NO_CURRENT_RISK\"}").statusCode(409);
        asCounsellor(counsellor).post("/api/alerts/safety/{id}/acknowledge", alertId).then().statusCode(409);
        asCounsellor(counsellor).get("/api/alerts/safety/{id}", alertId).then().statusCode(200)
                .body("note", equalTo("Plan agreed by phone with Dr Who"));
        asCounsellor(counsellor).get("/api/alerts/safety?status=OPEN&size=100").then().body("items.id", not(hasItem(alertId)));

        // Every step is on the audit log: who raised, who read, who acknowledged, who resolved.
        await().atMost(DEADLINE).untilAsserted(() -> {
            List<String> lines = Files.readAllLines(Path.of("target/audit.log")).stream().filter(l -> l.contains("id=" + alertId)).toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains("action=raise actor=" + client)), "raise: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains("action=read actor=" + supervisor + " role=supervisor")), "read: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains("action=acknowledge actor=" + counsellor)), "acknowledge: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains("action=resolve actor=" + otherCounsellorOfTheClient)), "resolve: " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.contains("Dr Who")), "no note in the audit log");
        });
    }

    /** What the alert rule on unacknowledged safety alerts reads (deploy/kubernetes/base/monitoring). */
    @Test
    void theOpenAlertsAndTheAgeOfTheOldestAreMeasuredUntilSomeoneAcknowledges() throws Throwable {
        String alertId = raiseAlert();
        VertxContextSupport.subscribeAndAwait(() -> escalation.measureOpen());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double open = gauge(metrics, "rapport_safety_alerts_open");
        double age = gauge(metrics, "rapport_safety_alerts_oldest_open_age_seconds");
        assertTrue(open >= 1, "at least the alert just raised is OPEN: " + open);
        assertTrue(age > 0, "the oldest OPEN alert has waited: " + age);

        asCounsellor(counsellor).post("/api/alerts/safety/{id}/acknowledge", alertId).then().statusCode(200);
        VertxContextSupport.subscribeAndAwait(() -> escalation.measureOpen());
        assertEquals(open - 1, gauge(given().get("/q/metrics").then().statusCode(200).extract().asString(), "rapport_safety_alerts_open"),
                "an acknowledged alert no longer counts");
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " is not exposed"));
    }

    @Test
    void aLaterFormWithoutTheRiskAnswerLeavesTheAlertOpen() {
        String alertId = raiseAlert();
        submit(session("IN_PROGRESS"), PHQ9_ITEM9_0, null).statusCode(201);
        asCounsellor(counsellor).get("/api/alerts/safety/{id}", alertId).then().statusCode(200).body("status", equalTo("OPEN"));
        resolve(counsellor, alertId, "{\"outcome\":\"NO_CURRENT_RISK\"}").statusCode(200).body("status", equalTo("RESOLVED"));
    }

    @Test
    void ofConcurrentAcknowledgementsOneWinsAndTheOthersAreConflicts() throws Exception {
        String alertId = raiseAlert();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> tries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tries.add(() -> asCounsellor(counsellor).post("/api/alerts/safety/{id}/acknowledge", alertId).then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(tries)) {
                statuses.add(status.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one acknowledgement wins: " + statuses);
            assertEquals(5, statuses.stream().filter(s -> s == 409).count(), "the others conflict: " + statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAlertNobodyPickedUpIsEscalatedExactlyOnceByConcurrentPasses() throws Throwable {
        String open = raiseAlert();
        String acknowledged = raiseAlert();
        asCounsellor(counsellor).post("/api/alerts/safety/{id}/acknowledge", acknowledged).then().statusCode(200);
        Instant later = Instant.now().plus(2, ChronoUnit.HOURS);

        try (EventStream supervisors = EventStream.open(stream.toString(), TestTokens.bearer(supervisor, "supervisor"))) {
            // Two instances' passes at once, as two replicas would run them.
            ExecutorService instances = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> passes = List.of(
                        instances.submit(() -> escalateAt(later)), instances.submit(() -> escalateAt(later)));
                for (Future<?> pass : passes) {
                    pass.get();
                }
            } finally {
                instances.shutdownNow();
            }
            // Older alerts of earlier runs may be due too: passes until none is left.
            while (escalateAt(later.plusSeconds(60)) > 0) {
                // the next batch
            }

            EventStream.Arrival told = supervisors.await(EventStream.field("id", open), DEADLINE);
            assertNotEquals("", told.data().path("escalatedAt").asText(""), "every supervisor's stream is told");
            assertTrue(told.data().path("clientId").isMissingNode(), "pseudonymous on a supervisor's stream");
        }
        asSupervisor().get("/api/alerts/safety/{id}", open).then().body("status", equalTo("OPEN")).body("escalatedAt", notNullValue());
        asSupervisor().get("/api/alerts/safety/{id}", acknowledged).then().body("escalatedAt", nullValue());
        assertEquals(1, outboxEvents(open, "rapport.alert.safety.escalated.v1"), "exactly one escalation");
        assertEquals(0, outboxEvents(acknowledged, "rapport.alert.safety.escalated.v1"), "an acknowledged alert is not escalated");
    }

    @Test
    void theStreamShowsEachReaderTheAlertsTheyMaySee() {
        UUID stranger = UUID.randomUUID();
        UUID strangersClient = UUID.randomUUID();
        try (EventStream mine = EventStream.open(stream.toString(), TestTokens.bearer(otherCounsellorOfTheClient, "counsellor"));
             EventStream theirs = EventStream.open(stream.toString(), TestTokens.bearer(stranger, "counsellor"))) {
            session(otherCounsellorOfTheClient, "SCHEDULED");
            String alertId = raiseAlert();
            EventStream.Arrival arrival = mine.await(EventStream.field("id", alertId), DEADLINE);
            assertEquals(client.toString(), arrival.data().path("clientId").asText(), "a counsellor of the client sees who it is");

            // The stranger's next alert is one of their own client's, not the one above.
            String strangers = raise(stranger, strangersClient);
            assertEquals(strangers, theirs.next(DEADLINE).data().path("id").asText());
        }
        given().header("Authorization", TestTokens.bearer(client, "client")).accept("text/event-stream")
                .get("/api/alerts/safety/stream").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "admin")).accept("text/event-stream")
                .get("/api/alerts/safety/stream").then().statusCode(403);
    }

    @Test
    void outcomeFormsAreTakenOnceTheSessionStartedAllianceFormsOnceItEnded() {
        UUID scheduled = session("SCHEDULED");
        submit(scheduled, PHQ9_ITEM9_0, null).statusCode(409).header("Retry-After", "2");
        UUID running = session("IN_PROGRESS");
        submit(running, "{\"instrumentId\":\"srs\",\"answers\":{\"1\":9.5,\"2\":9.5,\"3\":9.5,\"4\":9.5}}", null)
                .statusCode(409).header("Retry-After", "2");
        submit(running, "{\"instrumentId\":\"gad-7\",\"answers\":{\"1\":1,\"2\":1,\"3\":1,\"4\":1,\"5\":1,\"6\":1,\"7\":1}}", null)
                .statusCode(201);
    }

    private int escalateAt(Instant now) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> alerts.escalateDue(now)).size();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private long outboxEvents(String alertId, String type) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool
                .preparedQuery("SELECT count(*) FROM outbox_event WHERE subject = $1 AND event_type = $2")
                .execute(Tuple.of(alertId, type))
                .map(rows -> rows.iterator().next().getLong(0)));
    }

    private String raiseAlert() {
        return raise(counsellor, client);
    }

    private String raise(UUID itsCounsellor, UUID itsClient) {
        UUID session = UUID.randomUUID();
        Sessions.publish(session, itsCounsellor, itsClient, "IN_PROGRESS", null);
        awaitKnown(session, itsClient);
        return given().header("Authorization", TestTokens.bearer(itsClient, "client")).contentType(ContentType.JSON).body(PHQ9_ITEM9_1)
                .post("/api/sessions/{id}/feedback", session).then().statusCode(201).extract().path("safetyAlertId");
    }

    private UUID session(String status) {
        return session(counsellor, status);
    }

    private UUID session(UUID itsCounsellor, String status) {
        UUID session = UUID.randomUUID();
        Sessions.publish(session, itsCounsellor, client, status, "ENDED".equals(status) ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : null);
        awaitKnown(session, client);
        return session;
    }

    private static void awaitKnown(UUID session, UUID client) {
        await().atMost(DEADLINE).untilAsserted(() -> given().header("Authorization", TestTokens.bearer(client, "client"))
                .get("/api/sessions/{id}/feedback", session).then().statusCode(200));
    }

    private ValidatableResponse submit(UUID session, String body, String idempotencyKey) {
        var request = given().header("Authorization", TestTokens.bearer(client, "client")).contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/sessions/{id}/feedback", session).then();
    }

    private ValidatableResponse resolve(UUID by, String alertId, String body) {
        return asCounsellor(by).contentType(ContentType.JSON).body(body).post("/api/alerts/safety/{id}/resolve", alertId).then();
    }

    private static io.restassured.specification.RequestSpecification asCounsellor(UUID id) {
        return given().header("Authorization", TestTokens.bearer(id, "counsellor"));
    }

    private io.restassured.specification.RequestSpecification asSupervisor() {
        return given().header("Authorization", TestTokens.bearer(supervisor, "supervisor"));
    }

    private static String phq9(int item9) {
        return "{\"instrumentId\":\"phq-9\",\"answers\":{\"1\":1,\"2\":1,\"3\":0,\"4\":0,\"5\":0,\"6\":0,\"7\":0,\"8\":0,\"9\":" + item9 + "}}";
    }
}
