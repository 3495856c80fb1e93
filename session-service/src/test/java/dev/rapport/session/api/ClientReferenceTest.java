package dev.rapport.session.api;

import static dev.rapport.session.api.SessionApi.scheduled;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.platform.privacy.Pseudonyms;
import dev.rapport.session.service.ClientReferences;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Each client's reference is drawn once and is all that leaves this service about the client (docs/privacy.md). */
@QuarkusTest
class ClientReferenceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final ObjectMapper json = new ObjectMapper();
    private final UUID counsellor = UUID.randomUUID();

    @Inject
    Pseudonyms pseudonyms;

    @Inject
    Pool pool;

    @Inject
    ClientReferences references;

    @Test
    void aClientsReferenceIsDrawnOnceAndAnnouncedOnClientKeysUnderTheLookupKey() throws Throwable {
        UUID client = UUID.randomUUID();
        String lookup = pseudonyms.lookupKey(client);
        try (TopicReader keys = TopicReader.fromNow("client-keys")) {
            UUID first = scheduled(counsellor, client);
            UUID second = scheduled(UUID.randomUUID(), client);
            String ref = asAdmin().get("/api/sessions/{id}", first).then().statusCode(200).extract().path("clientRef");
            asAdmin().get("/api/sessions/{id}", second).then().statusCode(200).body("clientRef", equalTo(ref));
            String otherRef = asAdmin().get("/api/sessions/{id}", scheduled(counsellor, UUID.randomUUID())).then().extract().path("clientRef");
            assertNotEquals(ref, otherRef, "one reference per client");

            ConsumerRecord<String, String> key = keys.await(r -> lookup.equals(r.key()), DEADLINE);
            assertEquals(1, outboxRows(lookup), "announced once, for the first session (the outbox row is the record)");
            assertEquals(ref, json.readTree(key.value()).get("clientRef").asText());
            assertEquals("rapport.client.key.v1", TopicReader.header(key, "ce_type"));
            assertEquals(lookup, TopicReader.header(key, "ce_subject"), "the subject is not the reference");
            assertFalse(key.value().contains(client.toString()));
        }
    }

    @Test
    void aReferenceNotYetAnnouncedIsAnnouncedByThePendingPass() throws Throwable {
        UUID client = UUID.randomUUID();
        String ref = Pseudonyms.newClientRef();
        try (TopicReader keys = TopicReader.fromNow("client-keys")) {
            // As the migration leaves the clients of sessions older than references.
            VertxContextSupport.subscribeAndAwait(() -> pool
                    .preparedQuery("INSERT INTO client_reference (client_id, client_ref, created_at) VALUES ($1, $2, now())")
                    .execute(Tuple.of(client, ref)));
            VertxContextSupport.subscribeAndAwait(() -> references.announcePending());
            ConsumerRecord<String, String> key = keys.await(r -> pseudonyms.lookupKey(client).equals(r.key()), DEADLINE);
            assertEquals(ref, json.readTree(key.value()).get("clientRef").asText());
        }
        VertxContextSupport.subscribeAndAwait(() -> references.announcePending());
        assertEquals(1, outboxRows(pseudonyms.lookupKey(client)), "announced once");
    }

    @Test
    void aSupervisorSeesTheReferenceAndNotTheClientsId() {
        UUID client = UUID.randomUUID();
        UUID session = scheduled(counsellor, client);
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "supervisor")).get("/api/sessions/{id}", session)
                .then().statusCode(200).body("$", not(hasKey("clientId"))).body("clientRef", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{32}"));
        given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).get("/api/sessions/{id}", session)
                .then().statusCode(200).body("clientId", equalTo(client.toString()));
        given().header("Authorization", TestTokens.bearer(client, "client")).get("/api/sessions/{id}", session)
                .then().statusCode(200).body("clientId", equalTo(client.toString()));
    }

    private long outboxRows(String recordKey) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool
                .preparedQuery("SELECT count(*) FROM outbox_event WHERE topic = 'client-keys' AND record_key = $1")
                .execute(Tuple.of(recordKey))
                .map(rows -> rows.iterator().next().getLong(0)));
    }

    private static io.restassured.specification.RequestSpecification asAdmin() {
        return given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "admin"));
    }
}
