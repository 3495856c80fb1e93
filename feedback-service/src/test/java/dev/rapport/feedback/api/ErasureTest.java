package dev.rapport.feedback.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.testing.DatabaseScan;
import dev.rapport.testing.TestKafka;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** feedback-service's part of an erasure: everything about the client goes, then it confirms once. */
@QuarkusTest
class ErasureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final ObjectMapper json = new ObjectMapper();
    private final UUID counsellor = UUID.randomUUID();
    private final UUID client = UUID.randomUUID();
    private final UUID stays = UUID.randomUUID();

    @Inject
    Pool pool;

    @Test
    void anErasureRequestErasesEverythingAboutTheClientAndIsConfirmedOnce() throws Throwable {
        UUID session = session(client);
        UUID kept = session(stays);
        submit(client, session, "{\"instrumentId\":\"srs\",\"answers\":{\"1\":9.5,\"2\":9.5,\"3\":9.5,\"4\":9.5},\"comment\":\"only mine\"}");
        String alert = submit(client, session,
                "{\"instrumentId\":\"phq-9\",\"answers\":{\"1\":1,\"2\":1,\"3\":0,\"4\":0,\"5\":0,\"6\":0,\"7\":0,\"8\":0,\"9\":2}}")
                .extract().path("safetyAlertId");
        submit(stays, kept, "{\"instrumentId\":\"srs\",\"answers\":{\"1\":9.5,\"2\":9.5,\"3\":9.5,\"4\":9.5}}");
        String ref = Sessions.refOf(client);

        UUID erasure = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        try (TopicReader erasures = TopicReader.fromNow("erasures")) {
            request(erasure, ref, eventId);
            ConsumerRecord<String, String> confirmation = erasures.await(TopicReader.subject(erasure)
                    .and(TopicReader.type("rapport.client.erasure.completed.v1")), DEADLINE);
            assertEquals("feedback-service", json.readTree(confirmation.value()).get("service").asText());
        }
        // Nothing of the client is left, in any table (the confirmation's own row names only the erasure).
        assertEquals(List.of(), DatabaseScan.rowsHolding(pool, client.toString(), ref, Sessions.PSEUDONYMS.lookupKey(client), "only mine"));
        given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).get("/api/sessions/{id}/feedback", session)
                .then().statusCode(404);
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "supervisor")).get("/api/alerts/safety/{id}", alert)
                .then().statusCode(404);
        // The other client keeps everything.
        given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).get("/api/sessions/{id}/feedback", kept)
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(1));

        // The same request delivered again is not erased twice nor confirmed twice.
        request(erasure, ref, eventId);
        UUID marker = UUID.randomUUID();
        try (TopicReader erasures = TopicReader.fromNow("erasures")) {
            request(marker, Sessions.refOf(UUID.randomUUID()), UUID.randomUUID().toString());
            erasures.await(TopicReader.subject(marker).and(TopicReader.type("rapport.client.erasure.completed.v1")), DEADLINE);
        }
        assertEquals(1L, (long) VertxContextSupport.subscribeAndAwait(() -> pool
                .preparedQuery("SELECT count(*) FROM outbox_event WHERE subject = $1").execute(Tuple.of(erasure.toString()))
                .map(rows -> rows.iterator().next().getLong(0))), "one confirmation");
    }

    private UUID session(UUID who) {
        UUID session = UUID.randomUUID();
        Sessions.publish(session, counsellor, who, "ENDED", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        await().atMost(DEADLINE).untilAsserted(() -> given().header("Authorization", TestTokens.bearer(who, "client"))
                .get("/api/sessions/{id}/feedback", session).then().statusCode(200));
        return session;
    }

    private io.restassured.response.ValidatableResponse submit(UUID who, UUID session, String body) {
        return given().header("Authorization", TestTokens.bearer(who, "client")).contentType(ContentType.JSON).body(body)
                .post("/api/sessions/{id}/feedback", session).then().statusCode(201);
    }

    private static void request(UUID erasure, String ref, String eventId) {
        TestKafka.send("erasures", erasure.toString(), "{\"erasureId\":\"" + erasure + "\",\"clientRef\":\"" + ref
                + "\",\"requestedAt\":\"" + Instant.now() + "\"}", Map.of(
                "ce_id", eventId, "ce_type", "rapport.client.erasure.requested.v1", "ce_specversion", "1.0",
                "ce_source", "session-service", "ce_subject", erasure.toString(), "content-type", "application/json"));
    }
}
