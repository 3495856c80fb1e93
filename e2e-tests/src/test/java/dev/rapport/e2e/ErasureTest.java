package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.testing.LocalPlatform;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Erasure end to end (docs/privacy.md), after a scenario of two clients of counsellor2: client3 is
 * erased while analytics-service is dead (SIGKILL before the request; restarted once
 * feedback-service has erased, so the erasure is caught midway). When it completes, counsellor2's
 * views and alerts are what they were before client3's events arrived (the oracle: the platform
 * as it was without them, read before they were sent), a rebuild gives the same, no row of the
 * three databases and no record of any topic (dead-letter topics included) holds client3's id, and
 * the only records that hold client3's lookup key are on client-keys, the last of them the
 * tombstone. Then client2 is erased with every service up: the views are those from before the
 * scenario. Both erasures are timed (request to DONE) into target/erasure-time.txt.
 */
class ErasureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID COUNSELLOR2 = UUID.fromString("22222222-2222-4222-8222-222222222222");
    private static final UUID CLIENT2 = UUID.fromString("33333333-3333-4333-8333-333333333332");
    private static final UUID CLIENT3 = UUID.fromString("33333333-3333-4333-8333-333333333333");
    private static final String SRS = "{\"instrumentId\":\"srs\",\"answers\":{\"1\":%s,\"2\":9.0,\"3\":9.5,\"4\":9.0}}";
    private static final String PHQ9 = "{\"instrumentId\":\"phq-9\",\"answers\":{\"1\":%d,\"2\":2,\"3\":1,\"4\":1,\"5\":0,\"6\":1,\"7\":0,\"8\":0,\"9\":%d}}";

    @Test
    void anErasedClientLeavesNoTraceAndTheViewsAreAsIfTheyHadNeverBeenThere() throws Exception {
        JsonNode initial = awaitViewsWith(0);
        JsonNode alertsInitial = alerts();
        int ended = initial.path("all").path("sessionsEnded").asInt();

        // Another client of the counsellor, who stays (until the end).
        session("client2", CLIENT2, 12, 0, "9.5");
        session("client2", CLIENT2, 8, 0, "8.0");
        JsonNode before = awaitViewsWith(ended + 2);
        assertEquals(ended + 2, before.path("all").path("sessionsEnded").asInt(), "client2's two sessions ended");
        JsonNode alertsBefore = alerts();

        // The client to erase: two sessions, a rupture (SRS item below 9), a risk answer.
        String session = session("client3", CLIENT3, 14, 1, "7.0");
        session("client3", CLIENT3, 16, 0, "9.5");
        JsonNode with = awaitViewsWith(ended + 4);
        assertNotEquals(before, with, "the client's events changed the views");
        String ref = given().header("Authorization", Platform.bearer("admin")).get(Platform.SESSIONS + "/api/sessions/{id}", session)
                .then().statusCode(200).extract().path("clientRef");
        String lookupKey = lookupKey(CLIENT3);
        // The scans find what they look for: before the erasure the client is there.
        assertFalse(rowsHolding(CLIENT3.toString(), ref).isEmpty(), "the client's rows before the erasure");
        assertTrue(Topics.everyRecord().stream().anyMatch(r -> r.topic().equals("client-keys") && lookupKey.equals(r.key())
                && r.value() != null && r.value().contains(ref)), "client-keys pairs the client's lookup key with the reference");

        // analytics-service is killed before the erasure is asked for, and completes it when it is back.
        kill("analytics-service");
        long requested = System.nanoTime();
        String erasure;
        long restart;
        try {
            erasure = given().header("Authorization", Platform.bearer("admin")).contentType(ContentType.JSON)
                    .body(Map.of("clientId", CLIENT3.toString())).post(Platform.SESSIONS + "/api/admin/erasures")
                    .then().statusCode(202).extract().path("id");
            // midway: session- and feedback-service have erased, analytics-service has not
            await().atMost(DEADLINE).until(() -> erasedBy(erasure, "feedback_erased_at"));
            assertFalse(erasedBy(erasure, "analytics_erased_at"), "analytics-service is dead");
            assertEquals("PENDING", erasureState(erasure));
        } finally {
            restart = System.nanoTime();
            LocalPlatform.start("analytics-service");
        }
        await().atMost(DEADLINE).until(() -> erasureState(erasure).equals("DONE"));
        long done = System.nanoTime();
        record(String.format("erasure of one client on the e2e scenario, analytics-service killed before the request: %d ms from request to DONE"
                + " (analytics-service restarted %d ms after the request, ready and done %d ms later)",
                millis(requested, done), millis(requested, restart), millis(restart, done)));

        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(before, views(), "views as without the client"));
        assertEquals(ended + 2, views().path("all").path("sessionsEnded").asInt(), "only client2's sessions are left");
        assertEquals(alertsBefore, alerts(), "alerts as without the client");
        rebuild();
        assertEquals(before, views(), "a rebuild gives the same");
        assertEquals(List.of(), rowsHolding(CLIENT3.toString(), ref, lookupKey), "no row anywhere holds the client's id, reference or lookup key");

        List<Topics.Entry> records = Topics.everyRecord();
        assertEquals(List.of(), records.stream().filter(r -> r.text().contains(CLIENT3.toString())).map(Topics.Entry::where).toList(),
                "no record on any topic holds the client's id");
        List<Topics.Entry> keyed = records.stream().filter(r -> r.text().contains(lookupKey)).toList();
        assertEquals(List.of("client-keys"), keyed.stream().map(Topics.Entry::topic).distinct().toList(),
                "the client's lookup key is on client-keys only");
        assertNull(keyed.get(keyed.size() - 1).value(), "the last record of the client's key is the tombstone");
        System.out.printf("client-keys records of the erased client's key until compaction removes them: %d (the pair and the tombstone)%n",
                keyed.size());

        // The client who stayed, erased with every service up: the views are those from before the scenario.
        long again = System.nanoTime();
        String second = given().header("Authorization", Platform.bearer("admin")).contentType(ContentType.JSON)
                .body(Map.of("clientId", CLIENT2.toString())).post(Platform.SESSIONS + "/api/admin/erasures")
                .then().statusCode(202).extract().path("id");
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> erasureState(second).equals("DONE"));
        record(String.format("erasure of one client on the e2e scenario, every service up: %d ms from request to DONE", millis(again, System.nanoTime())));
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(initial, views(), "views as before the scenario"));
        assertEquals(alertsInitial, alerts(), "alerts as before the scenario");
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

    /** Retried while feedback-service does not know the session or the client yet (409 with Retry-After), as a client would. */
    private static void submit(String user, String session, String form) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Response response = given().header("Authorization", Platform.bearer(user)).contentType(ContentType.JSON)
                    .body(form).post(Platform.FEEDBACK + "/api/sessions/{id}/feedback", session);
            assertEquals(201, response.statusCode(), () -> "the form of " + user + " for session " + session + ": "
                    + response.statusCode() + " Retry-After=" + response.header("Retry-After") + " " + response.asString());
        });
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

    /** Whether session-service has the confirmation of a service (its column of the erasure row). */
    private static boolean erasedBy(String erasure, String column) throws SQLException {
        try (Connection c = connect("rapport_session");
             PreparedStatement query = c.prepareStatement("SELECT " + column + " IS NOT NULL FROM erasure WHERE id = ?::uuid")) {
            query.setString(1, erasure);
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /** SIGKILL, as a crashed pod: no shutdown, no leaving of the consumer group. */
    private static void kill(String service) throws Exception {
        long pid = Long.parseLong(Files.readString(ROOT.resolve(".local/pids/" + service + ".pid")).trim().split("\\s+")[0]);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        assertTrue(process.destroyForcibly(), "SIGKILL sent to " + service);
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    private static void rebuild() {
        // JAX-RS makes the Location absolute (the request's base URI)
        String location = URI.create(Platform.ANALYTICS + "/").resolve(given().header("Authorization", Platform.bearer("admin"))
                .post(Platform.ANALYTICS + "/api/admin/rebuild").then().statusCode(202).extract().header("Location")).toString();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String state = given().header("Authorization", Platform.bearer("admin")).get(location)
                    .then().statusCode(200).extract().path("state");
            assertNotEquals("FAILED", state);
            return "SWITCHED".equals(state);
        });
    }

    /** The client's lookup key as session- and feedback-service compute it (HMAC-SHA-256 under the key ./platform gives them). */
    private static String lookupKey(UUID client) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(System.getenv().getOrDefault("RAPPORT_PSEUDONYM_KEY", "local-development-pseudonym-key")
                .getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(client.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Every row of every table (any schema but PostgreSQL's own) of the three databases that holds one of the values. */
    private static List<String> rowsHolding(String... values) throws SQLException {
        List<String> found = new ArrayList<>();
        for (String db : List.of("rapport_session", "rapport_feedback", "rapport_analytics")) {
            try (Connection c = connect(db);
                 Statement tables = c.createStatement();
                 ResultSet names = tables.executeQuery("SELECT schemaname, tablename FROM pg_tables"
                         + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> 'flyway_schema_history'")) {
                List<String> all = new ArrayList<>();
                while (names.next()) {
                    all.add("\"" + names.getString(1) + "\".\"" + names.getString(2) + "\"");
                }
                for (String table : all) {
                    try (Statement rows = c.createStatement(); ResultSet text = rows.executeQuery("SELECT t::text FROM " + table + " t")) {
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

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + System.getenv().getOrDefault("PGHOST", "127.0.0.1") + ":"
                + System.getenv().getOrDefault("PGPORT", "5432") + "/" + db + System.getenv().getOrDefault("RAPPORT_DB_SUFFIX", ""),
                System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv().getOrDefault("PGPASSWORD", ""));
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static boolean recorded;

    /** Printed, and kept in target/erasure-time.txt (this run's figures only). */
    private static void record(String figure) throws Exception {
        System.out.println(figure);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "erasure-time.txt"), figure + System.lineSeparator(), StandardOpenOption.CREATE,
                recorded ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        recorded = true;
    }
}
