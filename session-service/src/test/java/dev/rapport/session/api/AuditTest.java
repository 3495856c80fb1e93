package dev.rapport.session.api;

import static dev.rapport.session.api.SessionApi.scheduled;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UUID counsellor = UUID.randomUUID();
    private final UUID client = UUID.randomUUID();

    @Test
    void aReadOfASessionIsAuditedWithWhoWhatAndWhen() throws IOException {
        UUID session = scheduled(counsellor, client);
        given().header("Authorization", TestTokens.bearer(client, "client")).get("/api/sessions/{id}", session).then().statusCode(200);

        Entry entry = awaitLine("action=read actor=" + client + " role=client resource=session id=" + session);
        // When: the record's own time, just now.
        assertFalse(entry.at().isBefore(Instant.now().minus(Duration.ofMinutes(5))), entry.toString());
        assertFalse(entry.line().contains("Bearer"), "no token in the audit line");
    }

    @Test
    void aRefusedProbeOfSomeoneElsesSessionIsAuditedToo() throws IOException {
        UUID session = scheduled(counsellor, client);
        UUID prober = UUID.randomUUID();
        given().header("Authorization", TestTokens.bearer(prober, "counsellor")).get("/api/sessions/{id}", session).then().statusCode(404);
        awaitLine("action=refused actor=" + prober + " role=counsellor resource=session id=" + session + " status=404");
    }

    /** One audit record: its time, its message and the line as written. */
    private record Entry(Instant at, String message, String line) {}

    private static Entry awaitLine(String text) {
        Entry[] found = new Entry[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> lines = Files.exists(AUDIT) ? Files.readAllLines(AUDIT) : List.of();
            found[0] = lines.stream().map(AuditTest::entry).filter(e -> e.message().equals(text)).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** A JSON log record (quarkus-logging-json), or a text line "time message". */
    private static Entry entry(String line) {
        try {
            if (line.startsWith("{")) {
                JsonNode record = JSON.readTree(line);
                return new Entry(Instant.parse(record.path("timestamp").asText()), record.path("message").asText(), line);
            }
            int space = line.indexOf(' ');
            return new Entry(OffsetDateTime.parse(line.substring(0, space)).toInstant(), line.substring(space + 1), line);
        } catch (Exception unreadable) {
            return new Entry(Instant.EPOCH, "", line);
        }
    }
}
