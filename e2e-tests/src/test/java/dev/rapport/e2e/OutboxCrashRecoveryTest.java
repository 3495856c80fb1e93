package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * A change committed while the broker is down, then the service killed (SIGKILL, no shutdown):
 * its event is still in the outbox and goes out once the service and the broker are back.
 */
class OutboxCrashRecoveryTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** ./platform's pid files and logs (RAPPORT_LOCAL_DIR when a second platform runs beside the usual one). */
    private static final Path LOCAL = Path.of(System.getenv().getOrDefault("RAPPORT_LOCAL_DIR", ROOT.resolve(".local").toString()));

    @Test
    void anEventCommittedBeforeACrashIsPublishedAfterTheRestart() throws Exception {
        String counsellor = Platform.bearer("counsellor1");
        try (KafkaConsumer<String, String> topic = WalkingSkeletonTest.readFromNow("session-events")) {
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
        }
    }

    private static void platform(String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ROOT.resolve("platform").toString(), args[0], args[1])
                .directory(ROOT.toFile()).inheritIO().start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "./platform " + String.join(" ", args) + " finished");
        assertEquals(0, process.exitValue(), "./platform " + String.join(" ", args));
    }
}
