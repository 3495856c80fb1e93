package dev.rapport.session.api;

import static dev.rapport.session.api.SessionApi.scheduled;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.platform.messaging.ConsumerMeters;
import dev.rapport.platform.privacy.Pseudonyms;
import dev.rapport.testing.DatabaseScan;
import dev.rapport.testing.TestKafka;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import dev.rapport.testing.SendsInvalidRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Erasure as session-service runs it: erase here, ask the others, done when both confirmed (docs/privacy.md). */
@QuarkusTest
class ErasureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final ObjectMapper json = new ObjectMapper();
    private final UUID counsellor = UUID.randomUUID();
    private final UUID client = UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();

    @Inject
    Pseudonyms pseudonyms;

    @Inject
    Pool pool;

    @Inject
    ConsumerMeters consumerMeters;

    /** The confirmations' consumer counts its retries and dead letters from start-up (the alert on dead letters reads them). */
    @Test
    void theConfirmationsConsumerHasItsCountersFromStartUp() {
        assertEquals(Set.of("session.erasures"), consumerMeters.registeredAtStartUp());
    }

    @Test
    void anErasureErasesHereAsksTheOthersAndForgetsWhomOnceTheyConfirmed() throws Exception {
        UUID first = scheduled(counsellor, client);
        UUID second = scheduled(counsellor, client);
        String ref = asAdmin().get("/api/sessions/{id}", first).then().extract().path("clientRef");
        String lookup = pseudonyms.lookupKey(client);

        String erasureId;
        try (TopicReader erasures = TopicReader.fromNow("erasures"); TopicReader keys = TopicReader.fromNow("client-keys")) {
            var accepted = erase(client).statusCode(202).body("state", equalTo("PENDING")).extract();
            erasureId = accepted.path("id");
            assertTrue(accepted.header("Location").endsWith("/api/admin/erasures/" + erasureId));
            erase(client).statusCode(202).body("id", equalTo(erasureId)); // a repeat while pending: the same erasure

            ConsumerRecord<String, String> request = erasures.await(TopicReader.subject(UUID.fromString(erasureId)), DEADLINE);
            assertEquals("rapport.client.erasure.requested.v1", TopicReader.header(request, "ce_type"));
            JsonNode data = json.readTree(request.value());
            assertEquals(ref, data.get("clientRef").asText());
            assertTrue(!request.value().contains(client.toString()) && !request.value().contains(lookup));

            ConsumerRecord<String, String> tombstone = keys.await(r -> lookup.equals(r.key()), DEADLINE);
            assertNull(tombstone.value(), "the client's key is deleted from client-keys");
            assertTrue(TopicReader.headers(tombstone).values().stream().noneMatch(v -> v.contains(ref)), "the tombstone does not name the reference");
        }
        asAdmin().get("/api/sessions/{id}", first).then().statusCode(404);
        asAdmin().get("/api/sessions/{id}", second).then().statusCode(404);
        asAdmin().get("/api/admin/erasures/{id}", erasureId).then().statusCode(200).body("state", equalTo("PENDING"));

        confirm(erasureId, "feedback-service");
        confirm(erasureId, "feedback-service"); // a second confirmation of the same service changes nothing
        asAdmin().get("/api/admin/erasures/{id}", erasureId).then().body("state", equalTo("PENDING"));
        confirm(erasureId, "analytics-service");
        await().atMost(DEADLINE).untilAsserted(() -> asAdmin().get("/api/admin/erasures/{id}", erasureId).then()
                .body("state", equalTo("DONE")).body("completedAt", notNullValue()).body("$", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasKey("clientId"))));

        // No row of this service's database holds the client's id, reference or lookup key.
        assertEquals(java.util.List.of(), DatabaseScan.rowsHolding(pool, client.toString(), ref, lookup));
        // A new request for the same client finds nothing left to erase.
        erase(client).statusCode(202).body("state", equalTo("DONE")).body("id", org.hamcrest.Matchers.not(equalTo(erasureId)));
    }

    @Test
    @SendsInvalidRequests
    void onlyAnAdminErases() {
        given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).contentType(ContentType.JSON)
                .body(Map.of("clientId", client.toString())).post("/api/admin/erasures").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "supervisor"))
                .get("/api/admin/erasures/{id}", UUID.randomUUID()).then().statusCode(403);
        asAdmin().contentType(ContentType.JSON).body("{}").post("/api/admin/erasures").then().statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.hasItem("clientId"));
        asAdmin().get("/api/admin/erasures/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    private void confirm(String erasureId, String service) {
        TestKafka.send("erasures", erasureId, "{\"erasureId\":\"" + erasureId + "\",\"service\":\"" + service
                + "\",\"completedAt\":\"" + Instant.now() + "\"}", Map.of(
                "ce_id", UUID.randomUUID().toString(), "ce_type", "rapport.client.erasure.completed.v1", "ce_specversion", "1.0",
                "ce_source", service, "ce_subject", erasureId, "content-type", "application/json"));
    }

    private io.restassured.response.ValidatableResponse erase(UUID who) {
        return asAdmin().contentType(ContentType.JSON).body(Map.of("clientId", who.toString())).post("/api/admin/erasures").then();
    }

    private RequestSpecification asAdmin() {
        return given().header("Authorization", TestTokens.bearer(admin, "admin"));
    }
}
