package dev.rapport.feedback.api;

import dev.rapport.testing.TestKafka;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Puts session-events on the real topic, as session-service would. */
final class Sessions {

    private Sessions() {}

    static void publish(UUID session, UUID counsellor, UUID client, String status, Instant endedAt) {
        String type = switch (status) {
            case "ENDED" -> "rapport.session.ended.v1";
            case "IN_PROGRESS" -> "rapport.session.started.v1";
            case "CANCELLED" -> "rapport.session.cancelled.v1";
            default -> "rapport.session.scheduled.v1";
        };
        String data = "{\"sessionId\":\"" + session + "\",\"counsellorId\":\"" + counsellor + "\",\"clientId\":\"" + client
                + "\",\"status\":\"" + status + "\",\"endedAt\":" + (endedAt == null ? "null" : "\"" + endedAt + "\"")
                + ",\"occurredAt\":\"" + (endedAt == null ? Instant.now() : endedAt) + "\"}";
        TestKafka.send("session-events", counsellor.toString(), data, Map.of(
                "ce_id", UUID.randomUUID().toString(), "ce_type", type, "ce_specversion", "1.0",
                "ce_source", "session-service", "ce_subject", session.toString(), "content-type", "application/json"));
    }
}
