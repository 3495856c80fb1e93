package dev.rapport.analytics.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.rapport.testing.TestKafka;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TestTopics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;

/**
 * A rebuild over a log that no longer starts at offset 0 is refused: the rebuilt state would
 * miss the deleted history and replace a complete one. The service reads topics of its own here
 * (a test profile), whose first records the test deletes.
 */
@QuarkusTest
@TestProfile(RebuildOfTruncatedLogTest.OwnTopics.class)
class RebuildOfTruncatedLogTest {

    static final String SESSION_EVENTS = "truncated-session-events";
    static final String FEEDBACK_EVENTS = "truncated-feedback-events";

    public static class OwnTopics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Under the tests' prefix (TestTopics), like every other topic the tests use.
            return Map.of("mp.messaging.incoming.session-events.topic", "${rapport.test.topic-prefix}" + SESSION_EVENTS,
                    "mp.messaging.incoming.feedback-events.topic", "${rapport.test.topic-prefix}" + FEEDBACK_EVENTS,
                    "mp.messaging.incoming.session-events.group.id", "analytics-service-truncated-test",
                    "mp.messaging.incoming.feedback-events.group.id", "analytics-service-truncated-test");
        }
    }

    @Test
    void aRebuildOverATruncatedLogIsRefusedNamingWhereItStarts() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            String sessionEvents = TestTopics.name(SESSION_EVENTS);
            for (String topic : List.of(sessionEvents, TestTopics.name(FEEDBACK_EVENTS))) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            // Two unreadable records (the live consumer dead-letters them), then the first deleted.
            TestKafka.sendRaw(SESSION_EVENTS, "k", "not an event", Map.of());
            TestKafka.sendRaw(SESSION_EVENTS, "k", "not an event", Map.of());
            TopicPartition first = new TopicPartition(sessionEvents, 0);
            long end = admin.listOffsets(Map.of(first, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().get(first).offset();
            admin.deleteRecords(Map.of(first, RecordsToDelete.beforeOffset(end - 1))).all().get();

            given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "admin"))
                    .post("/api/admin/rebuild")
                    .then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", containsString(sessionEvents + " partition 0 starts at offset " + (end - 1)));
            // Nothing was started: the next refusal is the same, not "a rebuild is running".
            given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "admin"))
                    .post("/api/admin/rebuild")
                    .then().statusCode(409)
                    .body("detail", containsString("The event log is incomplete"));
        }
    }
}
