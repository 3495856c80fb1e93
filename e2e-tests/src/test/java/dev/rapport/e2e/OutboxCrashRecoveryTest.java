package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * A change committed while the broker is down, then the service killed (SIGKILL, no shutdown):
 * its event is still in the outbox and goes out once the service and the broker are back. The
 * test leaves the platform as it found it: every service ready and every consumer group settled
 * without the killed instance (which keeps its place in its group until its session times out),
 * so that the tests after it do not measure this one's recovery.
 */
class OutboxCrashRecoveryTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final List<String> GROUPS = List.of("session-service", "feedback-service", "analytics-service");
    private static final List<String> SERVICES = List.of(Platform.SESSIONS, Platform.FEEDBACK, Platform.ANALYTICS);
    /** ./platform's pid files and logs (RAPPORT_LOCAL_DIR when a second platform runs beside the usual one). */
    private static final Path LOCAL = Path.of(System.getenv().getOrDefault("RAPPORT_LOCAL_DIR", ROOT.resolve(".local").toString()));

    @Test
    void anEventCommittedBeforeACrashIsPublishedAfterTheRestart() throws Exception {
        String counsellor = Platform.bearer("counsellor1");
        try (KafkaConsumer<String, String> topic = WalkingSkeletonTest.readFromNow("session-events")) {
            // as found: every group settled (the services may have started moments ago)
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> Topics.settled(GROUPS, Set.of()));
            Set<String> killed = Topics.members("session-service");
            platform("down", "kafka");
            String id;
            try {
                id = given().header("Authorization", counsellor).contentType(ContentType.JSON)
                        .body(Map.of("clientId", Platform.CLIENT1.toString(),
                                "scheduledStart", Instant.now().plus(2, ChronoUnit.DAYS).toString(), "modality", "CHAT"))
                        .post(Platform.SESSIONS + "/api/sessions")
                        .then().statusCode(201).extract().path("id");
                long pid = Long.parseLong(Files.readString(LOCAL.resolve("pids/session-service.pid")).trim().split("\\s+")[0]);
                ProcessHandle service = ProcessHandle.of(pid).orElseThrow();
                assertTrue(service.destroyForcibly(), "SIGKILL sent");
                service.onExit().get(30, TimeUnit.SECONDS);
            } finally {
                platform("up", "kafka");
            }
            platform("up", "session-service");

            ConsumerRecord<String, String> scheduled = WalkingSkeletonTest.awaitRecord(topic, id, "rapport.session.scheduled.v1");
            assertEquals(Platform.COUNSELLOR1.toString(), scheduled.key());
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                    Topics.settled(GROUPS, killed) && SERVICES.stream().allMatch(url -> given().get(url + "/q/health/ready").statusCode() == 200));
        }
    }

    private static void platform(String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ROOT.resolve("platform").toString(), args[0], args[1])
                .directory(ROOT.toFile()).inheritIO().start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "./platform " + String.join(" ", args) + " finished");
        assertEquals(0, process.exitValue(), "./platform " + String.join(" ", args));
    }
}
