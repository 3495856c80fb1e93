package dev.rapport.session.api;

import static dev.rapport.session.api.SessionApi.scheduled;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rapport.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A read of a client's data writes who, what and when to the audit file (not the application
 * log); a refused probe of someone else's session too.
 */
@QuarkusTest
class AuditTest {

    /** %test.rapport.audit.path (platform-support's configuration). */
    private static final Path AUDIT = Path.of("target/audit.log");

    private final UUID counsellor = UUID.randomUUID();
    private final UUID client = UUID.randomUUID();

    @Test
    void aReadOfASessionIsAuditedWithWhoWhatAndWhen() throws IOException {
        UUID session = scheduled(counsellor, client);
        given().header("Authorization", TestTokens.bearer(client, "client")).get("/api/sessions/{id}", session).then().statusCode(200);

        String line = awaitLine("action=read actor=" + client + " role=client resource=session id=" + session);
        // When: the line starts with its ISO-8601 time, of today.
        OffsetDateTime at = OffsetDateTime.parse(line.substring(0, line.indexOf(' ')));
        assertFalse(at.isBefore(OffsetDateTime.now().minusMinutes(5)), line);
        assertFalse(line.contains("Bearer"), "no token in the audit line");
    }

    @Test
    void aRefusedProbeOfSomeoneElsesSessionIsAuditedToo() throws IOException {
        UUID session = scheduled(counsellor, client);
        UUID prober = UUID.randomUUID();
        given().header("Authorization", TestTokens.bearer(prober, "counsellor")).get("/api/sessions/{id}", session).then().statusCode(404);
        awaitLine("action=refused actor=" + prober + " role=counsellor resource=session id=" + session + " status=404");
    }

    private static String awaitLine(String text) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> lines = Files.exists(AUDIT) ? Files.readAllLines(AUDIT) : List.of();
            found[0] = lines.stream().filter(l -> l.endsWith(text)).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }
}
