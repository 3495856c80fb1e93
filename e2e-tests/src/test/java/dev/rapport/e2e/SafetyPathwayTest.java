package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.testing.EventStream;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The safety pathway end to end with real Keycloak tokens: a risk answer reaches the
 * counsellor's safety stream on every feedback-service instance, and an alert nobody picks up is
 * escalated exactly once by two instances racing, also when one is killed midway.
 */
class SafetyPathwayTest {

    /** How many risk answers the latency is measured over (the closing note's p50/p99). */
    private static final int ALERTS = Integer.getInteger("rapport.e2e.safety.alerts", 100);
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /**
     * A killed instance keeps its partitions of session-events until the group's session timeout
     * (45 s) ends, so a session started meanwhile may reach feedback-service only after that.
     */
    private static final Duration AFTER_A_KILL = Duration.ofSeconds(120);
    private static final String STREAM = "/api/alerts/safety/stream";
    private static final String RISK_ANSWER =
            "{\"instrumentId\":\"phq-9\",\"answers\":{\"1\":1,\"2\":2,\"3\":1,\"4\":1,\"5\":0,\"6\":1,\"7\":0,\"8\":0,\"9\":1}}";

    @Test
    void aRiskAnswerReachesTheCounsellorsStreamOnEveryFeedbackInstance() throws IOException {
        List<Long> here = new ArrayList<>();
        List<Long> there = new ArrayList<>();
        try (ServiceInstance second = ServiceInstance.start("feedback-service", 8092, Map.of());
             EventStream first = EventStream.open(Platform.FEEDBACK + STREAM, Platform.bearer("counsellor1"));
             EventStream other = EventStream.open(second.url() + STREAM, Platform.bearer("counsellor1"))) {
            for (int i = 0; i < ALERTS; i++) {
                Raised raised = raise();
                EventStream.Arrival onFirst = first.await(EventStream.field("id", raised.alertId()), DEADLINE);
                EventStream.Arrival onOther = other.await(EventStream.field("id", raised.alertId()), DEADLINE);
                assertEquals("OPEN", onFirst.data().path("status").asText());
                assertEquals(Platform.CLIENT1.toString(), onOther.data().path("clientId").asText(), "the counsellor sees who to call");
                here.add((onFirst.nanos() - raised.acceptedNanos()) / 1_000_000);
                there.add((onOther.nanos() - raised.acceptedNanos()) / 1_000_000);
                resolve(raised.alertId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String figures = "risk answer 201 -> alert on the counsellor's safety stream over " + ALERTS + " alerts (ms)\n"
                + "  same instance:    " + percentiles(here) + "\n"
                + "  another instance: " + percentiles(there) + "\n";
        System.out.print(figures);
        Path out = Path.of("target/safety-alert-latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, figures);
    }

    @Test
    void anAlertNobodyPicksUpIsEscalatedOnceByTwoInstancesAlsoWhenOneIsKilledMidway() throws Exception {
        Map<String, String> shortClock = Map.of(
                "RAPPORT_FEEDBACK_SAFETY_ESCALATE_AFTER", "PT2S",
                "RAPPORT_FEEDBACK_SAFETY_ESCALATION_CHECK", "PT0.2S");
        List<String> alerts = new ArrayList<>();
        try (ServiceInstance b = ServiceInstance.start("feedback-service", 8093, shortClock);
             ServiceInstance c = ServiceInstance.start("feedback-service", 8094, shortClock);
             EventStream supervisors = EventStream.open(Platform.FEEDBACK + STREAM, Platform.bearer("supervisor"))) {
            for (int i = 0; i < 10; i++) {
                alerts.add(raise().alertId());
            }
            // Kill one racer as soon as escalations are under way, then bring it back.
            await().atMost(DEADLINE).until(() -> escalatedAt(alerts.get(0)) != null);
            b.kill();
            b.start();
            for (int i = 0; i < 10; i++) {
                alerts.add(raise().alertId());
            }
            for (String alert : alerts) {
                await().atMost(DEADLINE).until(() -> escalatedAt(alert) != null);
            }
            // Every escalation reaches the supervisors' stream, in whatever order, without the client's id.
            Set<String> told = new HashSet<>();
            supervisors.await(node -> {
                if (alerts.contains(node.path("id").asText()) && !node.path("escalatedAt").isNull()) {
                    assertTrue(node.path("clientId").isMissingNode(), "pseudonymous on a supervisor's stream: " + node);
                    told.add(node.path("id").asText());
                }
                return told.containsAll(alerts);
            }, DEADLINE);
        }
        try (Connection db = feedbackDatabase()) {
            for (String alert : alerts) {
                assertEquals(1, escalations(db, alert), "escalated exactly once: " + alert);
            }
        }
        alerts.forEach(this::resolve);
    }

    private record Raised(String alertId, long acceptedNanos) {}

    /** A started session of counsellor1 with client1, and client1's PHQ-9 with item 9 above 0. */
    private Raised raise() {
        String counsellor = Platform.bearer("counsellor1");
        String session = Platform.startedSession(counsellor);
        // Until the start reaches feedback-service the answer is a 409 with Retry-After.
        String[] alertId = new String[1];
        long[] accepted = new long[1];
        await().atMost(AFTER_A_KILL).pollInterval(Duration.ofMillis(50)).until(() -> {
            var response = given().header("Authorization", Platform.bearer("client1")).contentType(ContentType.JSON).body(RISK_ANSWER)
                    .post(Platform.FEEDBACK + "/api/sessions/{id}/feedback", session).then().extract();
            accepted[0] = System.nanoTime();
            if (response.statusCode() != 201) {
                return false;
            }
            assertTrue(response.path("support.message") != null, "the client is shown where to find help");
            alertId[0] = response.path("safetyAlertId");
            return true;
        });
        return new Raised(alertId[0], accepted[0]);
    }

    private String escalatedAt(String alertId) {
        return given().header("Authorization", Platform.bearer("supervisor"))
                .get(Platform.FEEDBACK + "/api/alerts/safety/{id}", alertId).then().statusCode(200).extract().path("escalatedAt");
    }

    private void resolve(String alertId) {
        given().header("Authorization", Platform.bearer("counsellor1")).contentType(ContentType.JSON)
                .body("{\"outcome\":\"NO_CURRENT_RISK\"}")
                .post(Platform.FEEDBACK + "/api/alerts/safety/{id}/resolve", alertId).then().statusCode(200);
    }

    private static Connection feedbackDatabase() throws SQLException {
        String db = "rapport_feedback" + System.getenv().getOrDefault("RAPPORT_DB_SUFFIX", "");
        String host = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("PGPORT", "5432");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + db,
                System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv().getOrDefault("PGPASSWORD", ""));
    }

    /** Escalation events written for the alert: the outbox row is the event, committed with the escalation. */
    private static long escalations(Connection db, String alertId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM outbox_event WHERE subject = ? AND event_type = 'rapport.alert.safety.escalated.v1'")) {
            query.setString(1, alertId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String percentiles(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return "p50 " + sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1)
                + "  p99 " + sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1)
                + "  max " + sorted.get(sorted.size() - 1);
    }
}
