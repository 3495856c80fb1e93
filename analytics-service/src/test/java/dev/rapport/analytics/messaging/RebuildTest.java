package dev.rapport.analytics.messaging;

import static dev.rapport.analytics.messaging.Views.alerts;
import static dev.rapport.analytics.messaging.Views.read;
import static dev.rapport.analytics.messaging.Views.view;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * POST /api/admin/rebuild: the state recomputed from both topics equals the live state; the safety
 * alerts (from the topic alerts, not rebuilt) are kept as they are.
 */
@QuarkusTest
class RebuildTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String ADMIN = TestTokens.bearer(UUID.randomUUID(), "admin");

    @Inject
    Pool pool;

    @Test
    void aRebuildGivesTheViewsOfTheLiveStateAndRaisesNoAlertTwice() {
        Scenario s = new Scenario();
        UUID a = UUID.randomUUID(), b = UUID.randomUUID();
        UUID a1 = UUID.randomUUID(), a2 = UUID.randomUUID(), b1 = UUID.randomUUID();
        Set<UUID> feedback = new HashSet<>();
        // A: a1's SRS 95 → 75 (a rupture) → 95 (repaired); a2's PHQ-9 with item 9, and feedback-service's
        // safety alert for it, acknowledged after 15 minutes; a cancellation and a no-show.
        UUID s1 = s.ended(a, a1, 10), s2 = s.ended(a, a1, 5), s3 = s.ended(a, a1, 2), s4 = s.ended(a, a2, 3);
        s.cancelled(a, a2, 1);
        s.noShow(a, a2, 40);
        feedback.add(s.form(a, a1, s1, "srs", "alliance", "38", "95.00", 10));
        feedback.add(s.form(a, a1, s2, "srs", "alliance", "30", "75.00", 5));
        feedback.add(s.form(a, a1, s3, "srs", "alliance", "38", "95.00", 2));
        feedback.add(s.form(a, a2, s4, "phq-9", "outcome", "15", "44.44", 3, "SAFETY_ITEM"));
        Scenario.SafetyAlertLife safety = s.safetyAlert(a, a2, s.daysAgo(3, 1));
        // B: a WAI-SR and a CARE 50 days ago (only in 90d and all).
        UUID t1 = s.ended(b, b1, 50);
        feedback.add(s.waiSr(b, b1, t1, "48", "75.00", new String[] {"12", "50.00"}, new String[] {"16", "75.00"}, new String[] {"20", "100.00"}, 50));
        feedback.add(s.form(b, b1, t1, "care", "empathy", "40", "75.00", 50));
        // Feedback first: the order the live consumers see differs from the rebuild's.
        s.feedbackEvents.forEach(Scenario.Event::send);
        s.sessionEvents.forEach(Scenario.Event::send);
        safety.raised().send();
        safety.acknowledged(Duration.ofMinutes(15)).send();
        await().atMost(DEADLINE).untilAsserted(() -> {
            Map<String, Object> aAll = view(a, "all");
            assertEquals(4, aAll.get("sessionsEnded"));
            assertEquals("88.33", String.valueOf(aAll.get("allianceIndex")));
            assertEquals(1, aAll.get("safetyAlerts"));
            assertEquals("15.00", String.valueOf(aAll.get("safetyMinutesToAcknowledge")));
            assertEquals(1, aAll.get("sessionsCancelled"));
            assertEquals(1, aAll.get("noShows"));
            assertEquals("75.00", String.valueOf(view(b, "all").get("allianceIndex")));
            assertEquals("1.00", String.valueOf(aAll.get("feedbackRate")));
            assertEquals("75.00", String.valueOf(view(b, "all").get("empathyIndex")));
            assertEquals("1.00", String.valueOf(view(b, "all").get("feedbackRate")));
        });
        Map<String, Map<String, Object>> before = views(a, b);
        List<Map<String, Object>> alertsBefore = alerts(a);
        assertEquals(safety.alertId.toString(), alertsBefore.get(0).get("alertId"));

        Map<String, Long> alertRowsBefore = outboxRowsBySubject(feedback);
        assertEquals(1L, alertRowsBefore.size(), "a1's rupture, raised live: " + alertRowsBefore);
        Response started = given().header("Authorization", ADMIN).post("/api/admin/rebuild");
        assertEquals(202, started.statusCode(), started.asString());
        String location = started.header("Location");
        assertTrue(location.endsWith("/api/admin/rebuild/" + started.path("id")), location);
        assertEquals("RUNNING", started.path("state"));
        // One at a time.
        given().header("Authorization", ADMIN).post("/api/admin/rebuild").then().statusCode(409);
        // An event that arrives during the rebuild counts, whether the rebuild or the live consumer applies it.
        s.ended(a, a2, 0);
        s.sessionEvents.get(s.sessionEvents.size() - 1).send();

        String id = started.path("id");
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertEquals("SWITCHED", status(id).get("state"), String.valueOf(status(id))));
        Map<String, Object> done = status(id);
        System.out.printf("Rebuild of the test topics: %s events (%s unreadable) at %s events/s%n",
                done.get("events"), done.get("unreadable"), done.get("eventsPerSecond"));
        assertTrue(((Number) done.get("events")).longValue() >= s.sessionEvents.size() + s.feedbackEvents.size());

        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(5, view(a, "all").get("sessionsEnded")));
        Map<String, Map<String, Object>> after = views(a, b);
        // The one difference: the session ended during the rebuild.
        for (String window : List.of("30d", "90d", "all")) {
            Map<String, Object> expected = before.get(a + window);
            expected.put("sessionsEnded", (Integer) expected.get("sessionsEnded") + 1);
            expected.put("activeClients", 2);
            expected.put("feedbackRate", "0.80");
        }
        assertEquals(normalised(before), normalised(after));
        assertEquals(alertsBefore, alerts(a));
        // No alert raised again: every scenario form was processed live before the rebuild. Counted
        // by identity where alerts are raised, in the outbox, in the transaction of the switch-over
        // (the rebuild is SWITCHED), not by listening to the topic for a while.
        assertEquals(alertRowsBefore, outboxRowsBySubject(feedback));

        // The rebuilt tables are the live ones, under the live index names; the shadow schema is gone.
        Set<String> indexes = new HashSet<>();
        pool.query("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                + " AND tablename IN ('session_fact', 'counsellor_day', 'feedback_fact', 'counsellor_client')")
                .execute().await().indefinitely().forEach(row -> indexes.add(row.getString(0)));
        assertTrue(indexes.containsAll(Set.of("session_fact_pkey", "session_fact_client", "counsellor_day_pkey",
                "counsellor_client_pkey", "counsellor_client_client", "counsellor_client_ended",
                "feedback_fact_pkey", "feedback_fact_session", "feedback_fact_history")), indexes.toString());
        assertEquals(0L, pool.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'analytics_rebuild'").execute().await().indefinitely()
                .iterator().next().getLong(0));
    }

    @Test
    void onlyAnAdminMayRebuild() {
        given().post("/api/admin/rebuild").then().statusCode(401);
        for (String role : List.of("client", "counsellor", "supervisor", "analyst")) {
            given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), role)).post("/api/admin/rebuild").then().statusCode(403);
            given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), role)).get("/api/admin/rebuild/{id}", UUID.randomUUID())
                    .then().statusCode(403);
        }
        given().header("Authorization", ADMIN).get("/api/admin/rebuild/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    /** Outbox rows (alerts raised) per feedback id. */
    private Map<String, Long> outboxRowsBySubject(Set<UUID> feedback) {
        Map<String, Long> rows = new java.util.TreeMap<>();
        pool.preparedQuery("SELECT subject, count(*) FROM outbox_event WHERE subject = ANY($1) GROUP BY subject")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(feedback.stream().map(UUID::toString).toArray(String[]::new)))
                .await().indefinitely().forEach(row -> rows.put(row.getString(0), row.getLong(1)));
        return rows;
    }

    /** The figures as strings, without asOf (the instant of reading). */
    private static Map<String, Map<String, String>> normalised(Map<String, Map<String, Object>> views) {
        Map<String, Map<String, String>> result = new java.util.TreeMap<>();
        views.forEach((key, view) -> {
            Map<String, String> figures = new java.util.TreeMap<>();
            view.forEach((name, value) -> {
                if (!name.equals("asOf")) {
                    figures.put(name, String.valueOf(value));
                }
            });
            result.put(key, figures);
        });
        return result;
    }

    private static Map<String, Map<String, Object>> views(UUID... counsellors) {
        Map<String, Map<String, Object>> views = new java.util.TreeMap<>();
        for (UUID counsellor : counsellors) {
            for (String window : List.of("30d", "90d", "all")) {
                views.put(counsellor + window, view(counsellor, window));
            }
        }
        return views;
    }

    private static Map<String, Object> status(String id) {
        return read(given().header("Authorization", ADMIN).get("/api/admin/rebuild/{id}", id).then().statusCode(200).extract().asString());
    }
}
