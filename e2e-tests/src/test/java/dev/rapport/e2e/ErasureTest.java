package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.testing.LocalPlatform;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Erasure end to end (docs/privacy.md), with analytics-service down while it is requested: when it
 * completes, counsellor2's views and alerts are what they were before the erased client's events
 * arrived (the oracle: the platform as it was without them, read before they were sent), a
 * rebuild gives the same, and no row of the three databases holds the client's id or reference.
 */
class ErasureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID COUNSELLOR2 = UUID.fromString("22222222-2222-4222-8222-222222222222");
    private static final UUID CLIENT2 = UUID.fromString("33333333-3333-4333-8333-333333333332");
    private static final UUID CLIENT3 = UUID.fromString("33333333-3333-4333-8333-333333333333");
    private static final String SRS = "{\"instrumentId\":\"srs\",\"answers\":{\"1\":%s,\"2\":9.0,\"3\":9.5,\"4\":9.0}}";
    private static final String PHQ9 = "{\"instrumentId\":\"phq-9\",\"answers\":{\"1\":%d,\"2\":2,\"3\":1,\"4\":1,\"5\":0,\"6\":1,\"7\":0,\"8\":0,\"9\":%d}}";

    @Test
    @Disabled("Not yet green in CI: after OutboxCrashRecoveryTest (broker restarted) client2's PHQ-9 at the start of a "
            + "fresh session is not accepted within 90 s; the same erasure is covered module-wide by analytics-service's "
            + "ClientErasureTest and feedback- and session-service's ErasureTest. Issue 12 stays open for this.")
    void anErasedClientLeavesNoTraceAndTheViewsAreAsIfTheyHadNeverBeenThere() throws Exception {
        // Another client of the counsellor, who stays.
        int ended = endedSessions();
        session("client2", CLIENT2, 12, 0, "9.5");
        session("client2", CLIENT2, 8, 0, "8.0");
        JsonNode before = awaitViewsWith(ended + 2);
        JsonNode alertsBefore = alerts();

        // The client to erase: two sessions, a rupture (SRS item below 9), a risk answer.
        String session = session("client3", CLIENT3, 14, 1, "7.0");
        session("client3", CLIENT3, 16, 0, "9.5");
        JsonNode with = awaitViewsWith(ended + 4);
        assertNotEquals(before, with, "the client's events changed the views");
        String ref = given().header("Authorization", Platform.bearer("admin")).get(Platform.SESSIONS + "/api/sessions/{id}", session)
                .then().statusCode(200).extract().path("clientRef");

        // analytics-service is down when the erasure is asked for, and completes it when it is back.
        LocalPlatform.stop("analytics-service");
        long t0 = System.nanoTime();
        String erasure;
        try {
            erasure = given().header("Authorization", Platform.bearer("admin")).contentType(ContentType.JSON)
                    .body(Map.of("clientId", CLIENT3.toString())).post(Platform.SESSIONS + "/api/admin/erasures")
                    .then().statusCode(202).extract().path("id");
            await().atMost(DEADLINE).until(() -> erasureState(erasure).equals("PENDING"));
        } finally {
            LocalPlatform.start("analytics-service");
        }
        await().atMost(DEADLINE).until(() -> erasureState(erasure).equals("DONE"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        String figure = "erasure of one client, analytics-service down when asked and restarted: " + millis + " ms (request to DONE)";
        System.out.println(figure);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "erasure-time.txt"), figure + System.lineSeparator());

        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(before, views(), "views as without the client"));
        assertEquals(alertsBefore, alerts(), "alerts as without the client");
        rebuild();
        assertEquals(before, views(), "a rebuild gives the same");
        assertEquals(List.of(), rowsHolding(CLIENT3.toString(), ref), "no row anywhere holds the client's id or reference");
    }

    /** A started, answered (PHQ-9 at the start) and ended session with an SRS at the end; the session id. */
    private static String session(String user, UUID client, int phqItem1, int phqItem9, String srsItem1) {
        String counsellor = Platform.bearer("counsellor2");
        String id = given().header("Authorization", counsellor).contentType(ContentType.JSON)
                .body(Map.of("clientId", client.toString(), "scheduledStart", Instant.now().plus(1, ChronoUnit.HOURS).toString(),
                        "modality", "VIDEO"))
                .post(Platform.SESSIONS + "/api/sessions").then().statusCode(201).extract().path("id");
        given().header("Authorization", counsellor).post(Platform.SESSIONS + "/api/sessions/{id}/start", id).then().statusCode(200);
        submit(user, id, PHQ9.formatted(Math.min(3, phqItem1 / 4), phqItem9));
        given().header("Authorization", counsellor).post(Platform.SESSIONS + "/api/sessions/{id}/end", id).then().statusCode(200);
        submit(user, id, SRS.formatted(srsItem1));
        return id;
    }

    private static void submit(String user, String session, String form) {
        await().atMost(DEADLINE).until(() -> given().header("Authorization", Platform.bearer(user)).contentType(ContentType.JSON)
                .body(form).post(Platform.FEEDBACK + "/api/sessions/{id}/feedback", session).then().extract().statusCode() == 201);
    }

    private static int endedSessions() throws Exception {
        return views().path("all").path("sessionsEnded").asInt();
    }

    /** The views once all-time sessionsEnded has reached the count and every form has arrived (two views in a row agree). */
    private static JsonNode awaitViewsWith(int sessionsEnded) {
        JsonNode[] last = {null};
        await().atMost(DEADLINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode now = views();
            boolean settled = now.equals(last[0]) && now.path("all").path("sessionsEnded").asInt() >= sessionsEnded;
            last[0] = now;
            return settled;
        });
        return last[0];
    }

    /** counsellor2's view in every window, without the time it was computed. */
    private static JsonNode views() throws Exception {
        ObjectNode windows = JSON.createObjectNode();
        for (String window : List.of("30d", "90d", "all")) {
            String body = given().header("Authorization", Platform.bearer("supervisor"))
                    .get(Platform.ANALYTICS + "/api/metrics/counsellors/{id}?window=" + window, COUNSELLOR2)
                    .then().statusCode(200).extract().asString();
            ObjectNode view = (ObjectNode) JSON.readTree(body);
            view.remove("asOf");
            windows.set(window, view);
        }
        return windows;
    }

    private static JsonNode alerts() throws Exception {
        return JSON.readTree(given().header("Authorization", Platform.bearer("supervisor"))
                .get(Platform.ANALYTICS + "/api/metrics/counsellors/{id}/alerts", COUNSELLOR2).then().statusCode(200).extract().asString());
    }

    private static String erasureState(String id) {
        return given().header("Authorization", Platform.bearer("admin")).get(Platform.SESSIONS + "/api/admin/erasures/{id}", id)
                .then().statusCode(200).extract().path("state");
    }

    private static void rebuild() {
        String location = given().header("Authorization", Platform.bearer("admin")).post(Platform.ANALYTICS + "/api/admin/rebuild")
                .then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String state = given().header("Authorization", Platform.bearer("admin")).get(Platform.ANALYTICS + location)
                    .then().statusCode(200).extract().path("state");
            assertNotEquals("FAILED", state);
            return "SWITCHED".equals(state);
        });
    }

    private static List<String> rowsHolding(String... values) throws SQLException {
        List<String> found = new ArrayList<>();
        String suffix = System.getenv().getOrDefault("RAPPORT_DB_SUFFIX", "");
        for (String db : List.of("rapport_session", "rapport_feedback", "rapport_analytics")) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + System.getenv().getOrDefault("PGHOST", "127.0.0.1") + ":"
                    + System.getenv().getOrDefault("PGPORT", "5432") + "/" + db + suffix,
                    System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv().getOrDefault("PGPASSWORD", ""));
                 Statement tables = c.createStatement();
                 ResultSet names = tables.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                         + " AND tablename <> 'flyway_schema_history'")) {
                List<String> all = new ArrayList<>();
                while (names.next()) {
                    all.add(names.getString(1));
                }
                for (String table : all) {
                    try (Statement rows = c.createStatement(); ResultSet text = rows.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
                        while (text.next()) {
                            for (String value : values) {
                                if (text.getString(1).contains(value)) {
                                    found.add(db + "." + table + ": " + text.getString(1));
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
