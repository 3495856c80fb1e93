package dev.rapport.analytics.messaging;

import static dev.rapport.analytics.messaging.Views.read;
import static dev.rapport.analytics.messaging.Views.view;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rapport.testing.SendsInvalidRequests;
import dev.rapport.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GET /api/metrics/counsellors/{id}/series from the events on: one counsellor, two clients, five
 * days with data; every point worked out by hand below from docs/domain.md's rules.
 */
@QuarkusTest
class CounsellorSeriesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Noon today: the sessions end at noon and the forms come at 13:00 of the day the test names. */
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private final UUID counsellor = UUID.randomUUID();
    private final UUID c1 = UUID.randomUUID();
    private final UUID c2 = UUID.randomUUID();

    /**
     * 40 days ago: c1's session ended, SRS 95.00. 20 days ago: c2's session ended, CARE 75.00.
     * 10 days ago: c1's ended, SRS 90.00; c2's ended, WAI-SR 75.00 (task 50, goal 75, bond 100).
     * 3 days ago: c2's ended without a form. 1 day ago: c1's cancelled (a row, no figure of the series).
     */
    private void sendScenario() {
        Scenario s = new Scenario(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC));
        UUID s1 = s.ended(counsellor, c1, 40);
        s.form(counsellor, c1, s1, "srs", "alliance", "38", "95.00", 40);
        UUID s2 = s.ended(counsellor, c2, 20);
        s.form(counsellor, c2, s2, "care", "empathy", "40", "75.00", 20);
        UUID s3 = s.ended(counsellor, c1, 10);
        s.form(counsellor, c1, s3, "srs", "alliance", "36", "90.00", 10);
        UUID s4 = s.ended(counsellor, c2, 10);
        s.waiSr(counsellor, c2, s4, "48", "75.00", new String[] {"12", "50.00"}, new String[] {"16", "75.00"},
                new String[] {"20", "100.00"}, 10);
        s.ended(counsellor, c2, 3);
        s.cancelled(counsellor, c1, 1);
        s.sessionEvents.forEach(Scenario.Event::send);
        s.feedbackEvents.forEach(Scenario.Event::send);
    }

    @Test
    void eachPointIsTheWindowsFiguresAtTheEndOfItsDay() {
        sendScenario();
        await().atMost(DEADLINE).until(() -> {
            List<Map<String, Object>> points = points(series(counsellor, "all"));
            return points.size() == 5 && points.get(4).get("sessionsEnded").equals(5);
        });

        // all: every day up to the point's. Day 10: SRS 95 and 90 and WAI-SR 75 → 86.67 over 3 forms;
        // the trend over (day 40, 95), (day 10, 90), (day 10, 75): slope −12.5 points per 30 days.
        // Day 3: 5 sessions ended, 4 with a form → 0.80.
        Map<String, Object> all = series(counsellor, "all");
        assertEquals("all", all.get("window"));
        assertEquals(false, all.get("truncated"));
        assertEquals(List.of(
                point(40, 1, "1.00", "95.00", 1, null, null, null, 0, null, 0, null),
                point(20, 2, "1.00", "95.00", 1, null, null, null, 0, "75.00", 1, null),
                point(10, 4, "1.00", "86.67", 3, "100.00", "75.00", "50.00", 1, "75.00", 1, "-12.50"),
                point(3, 5, "0.80", "86.67", 3, "100.00", "75.00", "50.00", 1, "75.00", 1, "-12.50"),
                point(1, 5, "0.80", "86.67", 3, "100.00", "75.00", "50.00", 1, "75.00", 1, "-12.50")), points(all));
        // 90d: nothing older than 90 days, so the same points.
        assertEquals(points(all), points(series(counsellor, "90d")));

        // 30d: day 40 is outside the window; each point's window is the 30 days ending on it, so day
        // 40's SRS no longer counts at day 10: (90 + 75) / 2 = 82.50, two forms at one instant (no trend).
        // Day 3: 4 sessions (days 20, 10, 10, 3), 3 with a form → 0.75.
        Map<String, Object> d30 = series(counsellor, "30d");
        assertEquals(List.of(
                point(20, 2, "1.00", "95.00", 1, null, null, null, 0, "75.00", 1, null),
                point(10, 3, "1.00", "82.50", 2, "100.00", "75.00", "50.00", 1, "75.00", 1, null),
                point(3, 4, "0.75", "82.50", 2, "100.00", "75.00", "50.00", 1, "75.00", 1, null),
                point(1, 4, "0.75", "82.50", 2, "100.00", "75.00", "50.00", 1, "75.00", 1, null)), points(d30));
        // Nothing happened today: the last point is today's view.
        Map<String, Object> today = view(counsellor, "30d");
        for (String figure : List.of("sessionsEnded", "feedbackRate", "allianceIndex", "allianceForms", "empathyIndex", "bond")) {
            assertEquals(today.get(figure), points(d30).get(3).get(figure), figure);
        }
        String body = given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                .get("/api/metrics/counsellors/{id}/series", counsellor).then().statusCode(200).body("window", equalTo("30d"))
                .extract().asString();
        assertFalse(body.contains(Scenario.ref(c1)) || body.contains(Scenario.ref(c2)) || body.contains(c1.toString()),
                "no client in a series: " + body);
    }

    @Test
    void aCounsellorSeesOnlyTheirOwnSeriesAndTheRolesOfTheViewSeeEveryones() {
        String path = "/api/metrics/counsellors/{id}/series";
        given().get(path, counsellor).then().statusCode(401);
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "counsellor")).get(path, counsellor).then()
                .statusCode(403).contentType(startsWith("application/problem+json")).body("status", equalTo(403));
        given().header("Authorization", TestTokens.bearer(c1, "client")).get(path, counsellor).then().statusCode(403);
        for (String role : List.of("supervisor", "analyst", "admin")) {
            given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), role)).get(path, counsellor).then()
                    .statusCode(200).body("points.size()", equalTo(0)).body("maxPoints", equalTo(366));
        }
    }

    @Test
    @SendsInvalidRequests
    void aWindowOtherThan30d90dOrAllAndAMalformedIdAreBadRequests() {
        String own = TestTokens.bearer(counsellor, "counsellor");
        for (String window : List.of("7d", "365d", "ALL", "30")) {
            given().header("Authorization", own).get("/api/metrics/counsellors/{id}/series?window=" + window, counsellor).then()
                    .statusCode(400).contentType(startsWith("application/problem+json")).body("violations[0].field", equalTo("window"));
        }
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "admin")).get("/api/metrics/counsellors/not-a-uuid/series")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("violations[0].field", equalTo("counsellorId"));
    }

    private static Map<String, Object> series(UUID counsellor, String window) {
        return read(given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                .get("/api/metrics/counsellors/{id}/series?window=" + window, counsellor).then().statusCode(200).extract().asString());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> points(Map<String, Object> series) {
        return (List<Map<String, Object>>) series.get("points");
    }

    private static Map<String, Object> point(int daysAgo, int sessionsEnded, String feedbackRate, String alliance, int allianceForms,
                                             String bond, String goal, String task, int waiForms, String empathy, int empathyForms,
                                             String trend) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("day", TODAY.minusDays(daysAgo).toString());
        p.put("sessionsEnded", sessionsEnded);
        p.put("feedbackRate", decimal(feedbackRate));
        p.put("allianceIndex", decimal(alliance));
        p.put("allianceForms", allianceForms);
        p.put("bond", decimal(bond));
        p.put("goal", decimal(goal));
        p.put("task", decimal(task));
        p.put("waiForms", waiForms);
        p.put("empathyIndex", decimal(empathy));
        p.put("empathyForms", empathyForms);
        p.put("allianceTrend", decimal(trend));
        return p;
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }
}
