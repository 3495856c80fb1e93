package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input suite (docs/reliability.md): from each service's own OpenAPI document
 * (/q/openapi), at least 500 requests per service that must be refused (Mutations: wrong types,
 * numbers JSON cannot hold, overlong strings, duplicate and unknown keys, bad UUIDs and dates,
 * oversized bodies, CR/LF in headers; HostileTokens: missing, expired, forged, foreign-key,
 * wrong-audience and wrong-issuer tokens). The mutations carry real tokens of a role the operation
 * allows, so they get past authentication to validation. Checked: no answer is 5xx, none is 2xx,
 * every 4xx is application/problem+json naming its status and title, and no row of any table of
 * the three databases is added or removed. Figures: target/hostile-input.txt.
 */
@Tag("hostile-input")
class HostileInputTest {

    private static final Map<String, String> SERVICES = Map.of(
            "session-service", Platform.SESSIONS, "feedback-service", Platform.FEEDBACK, "analytics-service", Platform.ANALYTICS);
    private static final List<String> ORDER = List.of("session-service", "feedback-service", "analytics-service");
    private static final int AT_LEAST_PER_SERVICE = 500;

    /** The demo users whose real tokens carry the mutations: the roles each operation allows (its @RolesAllowed). */
    private static final Map<String, List<String>> USERS = Map.ofEntries(
            Map.entry("scheduleSession", List.of("counsellor1", "admin")),
            Map.entry("listSessions", List.of("counsellor1", "client1", "admin")),
            Map.entry("getSession", List.of("counsellor1", "client1", "supervisor", "admin")),
            Map.entry("startSession", List.of("counsellor1", "admin")),
            Map.entry("endSession", List.of("counsellor1", "admin")),
            Map.entry("cancelSession", List.of("counsellor1", "client1", "admin")),
            Map.entry("markNoShow", List.of("counsellor1", "admin")),
            Map.entry("submitFeedback", List.of("client1")),
            Map.entry("listPendingFeedback", List.of("client1")),
            Map.entry("listSessionFeedback", List.of("client1", "counsellor1", "admin")),
            Map.entry("listInstruments", List.of("client1", "counsellor1")),
            Map.entry("getInstrument", List.of("client1", "counsellor1")),
            Map.entry("listSafetyAlerts", List.of("counsellor1", "supervisor", "admin")),
            Map.entry("getSafetyAlert", List.of("counsellor1", "supervisor", "admin")),
            Map.entry("acknowledgeSafetyAlert", List.of("counsellor1", "supervisor")),
            Map.entry("resolveSafetyAlert", List.of("counsellor1", "supervisor")),
            Map.entry("streamSafetyAlerts", List.of("supervisor")),
            Map.entry("getCounsellorMetrics", List.of("counsellor1", "supervisor", "analyst", "admin")),
            Map.entry("streamCounsellorMetrics", List.of("counsellor1", "supervisor", "analyst", "admin")),
            Map.entry("listCounsellorAlerts", List.of("counsellor1", "supervisor", "admin")),
            Map.entry("listCounsellorMetrics", List.of("supervisor", "analyst", "admin")),
            Map.entry("getOrganisationMetrics", List.of("supervisor", "analyst", "admin")),
            Map.entry("exportCounsellorMetrics", List.of("analyst", "admin")));

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * HTTP/1.1, as a reverse proxy speaks to the services: the JDK client's default (HTTP/2 by an
     * h2c upgrade on http://) once misread the 2 MB OpenAPI document of an upgraded connection as
     * an HTTP/2 frame ("Frame type(115) length(2255977) exceeds MAX_FRAME_SIZE"), in CI's secured run.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void everyHostileRequestIsRefusedAsAProblemAndLeavesNoRow() throws Exception {
        String scheduled = schedule();
        String ended = endedSessionKnownToFeedback();
        Map<String, Long> before = settledRowCounts();

        Figures figures = new Figures();
        String otherClient = otherClientToken();
        Map<String, List<HostileTokens.Attack>> attacksByUser = new TreeMap<>();
        for (String service : ORDER) {
            JsonNode document = openApi(SERVICES.get(service));
            Mutations mutations = new Mutations(service, document);
            for (Mutations.Operation op : mutations.operations()) {
                List<String> users = USERS.getOrDefault(op.id(), List.of("admin"));
                Map<String, String> pathValues = pathValues(op, scheduled, ended);
                Map<String, JsonNode> overrides = op.id().equals("scheduleSession")
                        ? Map.of("clientId", TextNode.valueOf(Platform.CLIENT1.toString()),
                                "scheduledStart", TextNode.valueOf(Instant.now().plus(2, ChronoUnit.DAYS).toString()))
                        : Map.of();
                for (String user : users) {
                    for (Mutations.Hostile hostile : mutations.of(op, Platform.bearer(user), pathValues, overrides)) {
                        figures.record(service, hostile, send(SERVICES.get(service), hostile));
                    }
                }
                List<HostileTokens.Attack> attacks = attacksByUser.get(users.get(0));
                if (attacks == null) {
                    attacks = new HostileTokens(Platform.bearer(users.get(0))).attacks(otherClient);
                    attacksByUser.put(users.get(0), attacks);
                }
                for (HostileTokens.Attack attack : attacks) {
                    Mutations.Hostile hostile = mutations.withToken(op, attack.authorization(), pathValues, overrides, attack.name());
                    figures.record(service, hostile, send(SERVICES.get(service), hostile));
                }
            }
        }

        Map<String, Long> after = rowCounts();
        List<String> changedTables = new ArrayList<>();
        for (String table : after.keySet()) {
            if (!after.get(table).equals(before.get(table))) {
                changedTables.add(table + ": " + before.get(table) + " -> " + after.get(table));
            }
        }
        String report = figures.report(changedTables);
        System.out.println(report);
        Path file = Path.of("target", "hostile-input.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);

        for (String service : ORDER) {
            assertTrue(figures.sent(service) >= AT_LEAST_PER_SERVICE, service + " got " + figures.sent(service) + " hostile requests");
        }
        assertEquals(List.of(), figures.findings(), "answers breaking the contract (all in target/hostile-input.txt)");
        assertEquals(List.of(), changedTables, "rows stored or removed by refused requests");
    }

    // --------------------------------------------------------------------------------- sending

    private static RawHttp.Answer send(String base, Mutations.Hostile hostile) {
        try {
            return RawHttp.send(base, hostile.method(), hostile.target(), hostile.headers(), hostile.body());
        } catch (IOException e) {
            return new RawHttp.Answer(-1, Map.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Each answer, by service, category and status, and the ones that break the contract. */
    private static final class Figures {
        private final Map<String, Map<String, Integer>> categories = new TreeMap<>();
        private final Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
        private final Map<String, Integer> sent = new TreeMap<>();
        private final Map<String, Integer> refusedByCodec = new TreeMap<>();
        private final List<String> findings = new ArrayList<>();

        void record(String service, Mutations.Hostile hostile, RawHttp.Answer answer) {
            sent.merge(service, 1, Integer::sum);
            categories.computeIfAbsent(service, s -> new TreeMap<>()).merge(hostile.category(), 1, Integer::sum);
            statuses.computeIfAbsent(service, s -> new TreeMap<>()).merge(answer.status(), 1, Integer::sum);
            String problem = breach(service, hostile, answer);
            if (problem != null) {
                findings.add(service + " " + hostile.method() + " " + Mutations.abbreviate(hostile.target()) + " [" + hostile.category() + ": "
                        + hostile.label() + "] -> " + answer.status() + " " + problem);
            }
        }

        /**
         * null when the answer is a refusal as the contract wants it, else what is wrong. A request
         * whose framing is broken (CR, LF or NUL inside a header, two lengths) is refused by the
         * HTTP codec before any application code runs, with a bare 400: counted apart, not a breach.
         */
        private String breach(String service, Mutations.Hostile hostile, RawHttp.Answer answer) {
            int status = answer.status();
            if (hostile.category().equals("header injection") && status == 400 && answer.contentType().isEmpty() && answer.body().isEmpty()) {
                refusedByCodec.merge(service, 1, Integer::sum);
                return null;
            }
            if (status < 400 || status >= 500) {
                return status <= 0 ? "no answer: " + Mutations.abbreviate(answer.body()) : "not refused as a 4xx";
            }
            if (!answer.contentType().startsWith("application/problem+json")) {
                return "4xx as '" + answer.contentType() + "': " + Mutations.abbreviate(answer.body());
            }
            try {
                JsonNode problem = JSON.readTree(answer.body());
                if (problem.path("status").asInt() != status || problem.path("title").asText().isBlank()) {
                    return "problem without its status or title: " + Mutations.abbreviate(answer.body());
                }
            } catch (IOException e) {
                return "problem+json that is no JSON: " + Mutations.abbreviate(answer.body());
            }
            return null;
        }

        int sent(String service) {
            return sent.getOrDefault(service, 0);
        }

        List<String> findings() {
            return findings;
        }

        String report(List<String> changedTables) {
            StringBuilder out = new StringBuilder("Hostile-input suite (HostileInputTest), ").append(Instant.now()).append('\n');
            for (String service : ORDER) {
                out.append('\n').append(service).append(": ").append(sent(service)).append(" requests\n");
                out.append("  by category: ").append(categories.getOrDefault(service, Map.of())).append('\n');
                out.append("  answers by status: ").append(statuses.getOrDefault(service, Map.of())).append('\n');
                out.append("  of which refused by the HTTP codec (bare 400, broken framing): ").append(refusedByCodec.getOrDefault(service, 0)).append('\n');
            }
            out.append("\nTotal: ").append(sent.values().stream().mapToInt(Integer::intValue).sum()).append(" requests; ")
                    .append(findings.size()).append(" answers breaking the contract (5xx, 2xx, no answer, 4xx not problem+json); ")
                    .append(changedTables.size()).append(" tables changed\n");
            findings.forEach(f -> out.append("  ").append(f).append('\n'));
            changedTables.forEach(t -> out.append("  changed: ").append(t).append('\n'));
            return out.toString();
        }
    }

    // ----------------------------------------------------------------------------------- setup

    private static JsonNode openApi(String base) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), base + "/q/openapi");
        return JSON.readTree(response.body());
    }

    /** A scheduled session of counsellor1 and client1: the real id the session operations' mutations name. */
    private static String schedule() {
        return given().header("Authorization", Platform.bearer("counsellor1")).contentType(ContentType.JSON)
                .body(Map.of("clientId", Platform.CLIENT1.toString(), "scheduledStart", Instant.now().plus(3, ChronoUnit.DAYS).toString(),
                        "modality", "VIDEO"))
                .post(Platform.SESSIONS + "/api/sessions")
                .then().statusCode(201).extract().path("id");
    }

    /** An ended session that feedback-service knows, so that a valid submission for it would be stored. */
    private static String endedSessionKnownToFeedback() {
        String counsellor = Platform.bearer("counsellor1");
        String id = schedule();
        given().header("Authorization", counsellor).post(Platform.SESSIONS + "/api/sessions/{id}/start", id).then().statusCode(200);
        given().header("Authorization", counsellor).post(Platform.SESSIONS + "/api/sessions/{id}/end", id).then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> given().header("Authorization", Platform.bearer("client1"))
                .get(Platform.FEEDBACK + "/api/feedback/pending").then().statusCode(200).extract().asString().contains(id));
        return id;
    }

    private static Map<String, String> pathValues(Mutations.Operation op, String scheduled, String ended) {
        if (op.service().equals("session-service") && op.path().startsWith("/api/sessions/")) {
            return Map.of("id", scheduled);
        }
        if (op.path().startsWith("/api/sessions/{sessionId}")) {
            return Map.of("sessionId", ended);
        }
        if (op.path().startsWith("/api/instruments/")) {
            return Map.of("id", "srs");
        }
        if (op.path().startsWith("/api/metrics/counsellors/")) {
            return Map.of("counsellorId", Platform.COUNSELLOR1.toString());
        }
        return Map.of();
    }

    /** A real token of the realm for client session-service (its dev secret, deploy/keycloak): not for audience rapport-api. */
    private static String otherClientToken() {
        AtomicReference<String> token = new AtomicReference<>();
        var response = given().formParam("grant_type", "client_credentials").formParam("client_id", "session-service")
                .formParam("client_secret", "local-session-service-secret")
                .post(Platform.KEYCLOAK + "/realms/rapport/protocol/openid-connect/token");
        if (response.statusCode() == 200) {
            token.set("Bearer " + response.path("access_token"));
        }
        return token.get();
    }

    // ------------------------------------------------------------------------------ databases

    /** Row counts once the platform is quiet: the setup's events handled (two equal counts 2 s apart). */
    private static Map<String, Long> settledRowCounts() {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            Map<String, Long> now = rowCounts();
            return now.equals(last.getAndSet(now));
        });
        return last.get();
    }

    /** "database.schema.table" -> rows, for every table of the three services' databases. */
    private static Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        String suffix = System.getenv().getOrDefault("RAPPORT_DB_SUFFIX", "");
        for (String db : List.of("rapport_session", "rapport_feedback", "rapport_analytics")) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + System.getenv().getOrDefault("PGHOST", "127.0.0.1") + ":"
                    + System.getenv().getOrDefault("PGPORT", "5432") + "/" + db + suffix,
                    System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv().getOrDefault("PGPASSWORD", ""));
                 Statement statement = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                        + "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        counts.put(db + suffix + "." + table, rs.getLong(1));
                    }
                }
            }
        }
        return counts;
    }
}
