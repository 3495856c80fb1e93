package dev.rapport.feedback.api;

import dev.rapport.platform.privacy.Pseudonyms;
import dev.rapport.testing.SessionEventFixtures;
import dev.rapport.testing.TestKafka;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts session-events on the real topic, as session-service would: the client as a reference, and
 * the client's key on client-keys before their first session.
 */
final class Sessions {

    /** The %test key of application.properties: lookup keys as session-service makes them in tests. */
    static final Pseudonyms PSEUDONYMS = new Pseudonyms("test-only-pseudonym-key-0123456789");
    private static final Map<UUID, String> REFS = new ConcurrentHashMap<>();

    private Sessions() {}

    /** The client's reference, announced on client-keys the first time. */
    static String refOf(UUID client) {
        return REFS.computeIfAbsent(client, id -> {
            String ref = Pseudonyms.newClientRef();
            String lookup = PSEUDONYMS.lookupKey(id);
            TestKafka.send("client-keys", lookup, "{\"clientRef\":\"" + ref + "\"}", Map.of(
                    "ce_id", UUID.randomUUID().toString(), "ce_type", "rapport.client.key.v1", "ce_specversion", "1.0",
                    "ce_source", "session-service", "ce_subject", lookup, "content-type", "application/json"));
            return ref;
        });
    }

    static void publish(UUID session, UUID counsellor, UUID client, String status, Instant endedAt) {
        publish(session, counsellor, client, status, endedAt, Map.of());
    }

    /** As session-service publishes a change made in a traced request: in that trace (ce_traceparent). */
    static void publishTraced(UUID session, UUID counsellor, UUID client, String status, Instant endedAt, String traceparent) {
        publish(session, counsellor, client, status, endedAt, Map.of("ce_traceparent", traceparent));
    }

    private static void publish(UUID session, UUID counsellor, UUID client, String status, Instant endedAt, Map<String, String> extra) {
        String type = SessionEventFixtures.type(status);
        String data = SessionEventFixtures.data(session, counsellor, refOf(client), status, endedAt, endedAt == null ? Instant.now() : endedAt);
        Map<String, String> headers = new HashMap<>(Map.of(
                "ce_id", UUID.randomUUID().toString(), "ce_type", type, "ce_specversion", "1.0",
                "ce_source", "session-service", "ce_subject", session.toString(), "content-type", "application/json"));
        headers.putAll(extra);
        TestKafka.send("session-events", counsellor.toString(), data, headers);
    }
}
