package dev.rapport.analytics.messaging;

import static dev.rapport.analytics.messaging.Views.alerts;
import static dev.rapport.analytics.messaging.Views.read;
import static dev.rapport.analytics.messaging.Views.view;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Three counsellors, twelve clients, six instruments; the expected figures are worked out by
 * hand from docs/domain.md in the comments, not by the code under test.
 */
@QuarkusTest
class CounsellorViewScenarioTest {

    @Inject
    Pool pool;

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> FIGURES = List.of("sessionsEnded", "sessionsCancelled", "noShows", "activeClients",
            "feedbackRate", "allianceIndex", "bond", "goal", "task", "empathyIndex", "allianceTrend", "openRuptures",
            "repairRate", "safetyAlerts", "safetyEscalations", "safetyMinutesToAcknowledge", "reliableImprovementRate",
            "deteriorationRate", "allianceOutcomeR");

    /** The ids one run of the scenario uses: fresh per test, so tests never see each other's data. */
    private static final class Cast {
        final UUID a = UUID.randomUUID();
        final UUID b = UUID.randomUUID();
        final UUID c = UUID.randomUUID();
        final UUID a1 = UUID.randomUUID(), a2 = UUID.randomUUID(), a3 = UUID.randomUUID(), a4 = UUID.randomUUID();
        final UUID[] bClients = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        final UUID c1 = UUID.randomUUID(), c2 = UUID.randomUUID(), c3 = UUID.randomUUID();
        UUID a1Rupture, a2Rupture, a3RiskForm, c3RiskForm;
        Scenario.SafetyAlertLife a3Safety, c3Safety;
        final List<UUID> bRuptures = new ArrayList<>();
        /** feedback-service's safety alert events on the topic alerts. */
        final List<Scenario.Event> safetyEvents = new ArrayList<>();

        void send() {
            sessionEvents.forEach(Scenario.Event::send);
            feedbackEvents.forEach(Scenario.Event::send);
            safetyEvents.forEach(Scenario.Event::send);
        }

        private List<Scenario.Event> sessionEvents = List.of(), feedbackEvents = List.of();
    }

    private static Cast build(Scenario s) {
        Cast x = new Cast();
        // Counsellor A. Sessions (days ago): a1 ended 40, 29, 10, 2; a2 ended 31, 5; a3 cancelled 3,
        // no-show 4, ended 1; a4 no-show 35, ended 7 and 20.
        UUID s1 = s.ended(x.a, x.a1, 40), s2 = s.ended(x.a, x.a1, 29), s3 = s.ended(x.a, x.a1, 10);
        s.ended(x.a, x.a1, 2);
        UUID s5 = s.ended(x.a, x.a2, 31), s6 = s.ended(x.a, x.a2, 5);
        s.cancelled(x.a, x.a3, 3);
        s.noShow(x.a, x.a3, 4);
        UUID s9 = s.ended(x.a, x.a3, 1);
        s.noShow(x.a, x.a4, 35);
        UUID s11 = s.ended(x.a, x.a4, 7), s12 = s.ended(x.a, x.a4, 20);
        // a1: SRS 38 (95.00), then 34 (85.00: below 36 and 10 points down: a rupture), then 38 (95.00:
        // back at the score before: repaired). PHQ-9 18 → 10: a drop of 8 ≥ 6, reliable improvement.
        s.form(x.a, x.a1, s1, "srs", "alliance", "38", "95.00", 40);
        s.form(x.a, x.a1, s1, "phq-9", "outcome", "18", "33.33", 40);
        x.a1Rupture = s.form(x.a, x.a1, s2, "srs", "alliance", "34", "85.00", 29);
        s.form(x.a, x.a1, s3, "srs", "alliance", "38", "95.00", 10);
        s.form(x.a, x.a1, s3, "phq-9", "outcome", "10", "62.96", 10);
        // a2: WAI-SR 48 (75.00; task 12 → 50, goal 16 → 75, bond 20 → 100), then 42 (62.50: 12.5
        // points down, an open rupture; task 12 → 50, goal 12 → 50, bond 18 → 87.5). PHQ-9 8 → 15:
        // a rise of 7 ≥ 6, reliable deterioration.
        s.waiSr(x.a, x.a2, s5, "48", "75.00", new String[] {"12", "50.00"}, new String[] {"16", "75.00"}, new String[] {"20", "100.00"}, 31);
        s.form(x.a, x.a2, s5, "phq-9", "outcome", "8", "70.37", 31);
        x.a2Rupture = s.waiSr(x.a, x.a2, s6, "42", "62.50", new String[] {"12", "50.00"}, new String[] {"12", "50.00"}, new String[] {"18", "87.50"}, 5);
        s.form(x.a, x.a2, s6, "phq-9", "outcome", "15", "44.44", 5);
        // a3: CARE 40 (75.00) and a PHQ-9 whose item 9 is above 0: feedback-service raises a safety
        // alert at its submission, acknowledged 20 minutes later and open still.
        s.form(x.a, x.a3, s9, "care", "empathy", "40", "75.00", 1);
        x.a3RiskForm = s.form(x.a, x.a3, s9, "phq-9", "outcome", "15", "44.44", 1, "SAFETY_ITEM");
        x.a3Safety = s.safetyAlert(x.a, x.a3, s.daysAgo(1, 1));
        x.safetyEvents.add(x.a3Safety.raised());
        x.safetyEvents.add(x.a3Safety.acknowledged(Duration.ofMinutes(20)));
        // a4: a CARE with three "does not apply" (not scorable, but the session has feedback);
        // ORS 20 (day 20) → 26 (day 7): +6 ≥ 5, reliable improvement.
        s.unscorable(x.a, x.a4, s11, "care", "empathy", 7);
        s.form(x.a, x.a4, s11, "ors", "outcome", "26", "65.00", 7);
        s.form(x.a, x.a4, s12, "ors", "outcome", "20", "50.00", 20);

        // Counsellor B: five clients, sessions 20 and 6 days ago; SRS on the first (all in the same
        // second: no spread in time, no trend), ORS on both.
        String[] srs = {"40", "36", "38", "30", "32"};
        String[] srsNormalized = {"100.00", "90.00", "95.00", "75.00", "80.00"};
        String[] orsFirst = {"20", "20", "24", "24", "20"};
        String[] orsFirstNormalized = {"50.00", "50.00", "60.00", "60.00", "50.00"};
        String[] orsLatest = {"30", "26", "32", "22", "26"};
        String[] orsLatestNormalized = {"75.00", "65.00", "80.00", "55.00", "65.00"};
        for (int i = 0; i < 5; i++) {
            UUID first = s.ended(x.b, x.bClients[i], 20), latest = s.ended(x.b, x.bClients[i], 6);
            UUID form = s.form(x.b, x.bClients[i], first, "srs", "alliance", srs[i], srsNormalized[i], 20);
            if (i >= 3) {
                x.bRuptures.add(form); // below 36 on the first form: a rupture with nothing before it
            }
            s.form(x.b, x.bClients[i], first, "ors", "outcome", orsFirst[i], orsFirstNormalized[i], 20);
            s.form(x.b, x.bClients[i], latest, "ors", "outcome", orsLatest[i], orsLatestNormalized[i], 6);
        }

        // Counsellor C: the edge of the 30-day window (31 days out, 29 days in), and a safety alert
        // escalated after an hour, acknowledged after 70 minutes and resolved (a later PHQ-9 without
        // item 9 closes nothing: only a person does).
        UUID u1 = s.ended(x.c, x.c1, 31);
        s.form(x.c, x.c1, u1, "srs", "alliance", "38", "95.00", 31);
        s.noShow(x.c, x.c1, 31);
        UUID u3 = s.ended(x.c, x.c2, 29);
        s.form(x.c, x.c2, u3, "care", "empathy", "30", "50.00", 29);
        s.cancelled(x.c, x.c2, 29);
        UUID u5 = s.ended(x.c, x.c3, 2), u6 = s.ended(x.c, x.c3, 1);
        s.form(x.c, x.c3, u5, "care", "empathy", "46", "90.00", 2);
        x.c3RiskForm = s.form(x.c, x.c3, u5, "phq-9", "outcome", "12", "55.56", 2, "SAFETY_ITEM");
        s.form(x.c, x.c3, u6, "phq-9", "outcome", "9", "66.67", 1);
        x.c3Safety = s.safetyAlert(x.c, x.c3, s.daysAgo(2, 1));
        x.safetyEvents.add(x.c3Safety.raised());
        x.safetyEvents.add(x.c3Safety.escalated(Duration.ofMinutes(60)));
        x.safetyEvents.add(x.c3Safety.acknowledged(Duration.ofMinutes(70)));
        x.safetyEvents.add(x.c3Safety.resolved(Duration.ofHours(3)));
        x.sessionEvents = List.copyOf(s.sessionEvents);
        x.feedbackEvents = List.copyOf(s.feedbackEvents);
        return x;
    }

    @Test
    void theViewsMatchTheFiguresWorkedOutByHand() {
        Scenario s = new Scenario();
        Cast x = build(s);
        try (TopicReader alerts = TopicReader.fromNow("alerts")) {
            x.send();
            assertExpectedFigures(x);

            // Rupture alerts for a1's SRS (later repaired), a2's WAI-SR, b4's and b5's SRS.
            for (UUID feedback : List.of(x.a1Rupture, x.a2Rupture, x.bRuptures.get(0), x.bRuptures.get(1))) {
                ConsumerRecord<String, String> alert = alerts.await(TopicReader.subject(feedback), DEADLINE);
                assertEquals("rapport.alert.rupture.v1", TopicReader.header(alert, "ce_type"));
            }
            ConsumerRecord<String, String> a1Alert = alerts.await(TopicReader.subject(x.a1Rupture), DEADLINE);
            assertEquals(x.a.toString(), a1Alert.key());
            assertEquals(Scenario.ref(x.a1), read(a1Alert.value()).get("clientRef"));
            assertFalse(a1Alert.value().contains(x.a1.toString()), "the client id never leaves the service");
        }
        // The forms with a risk answer raise nothing here: their safety alerts are feedback-service's.
        // (Asked of the outbox, not the topic: an instance of an older version on the same broker
        // would publish its own alerts there.)
        for (UUID form : List.of(x.a3RiskForm, x.c3RiskForm)) {
            assertEquals(0L, pool.preparedQuery("SELECT count(*) FROM outbox_event WHERE subject = $1")
                    .execute(Tuple.of(form.toString())).await().indefinitely().iterator().next().getLong(0));
        }

        // Open alerts: A has a2's rupture and a3's safety alert (newest first); B b4's and b5's
        // ruptures; C none (its safety alert was resolved).
        List<Map<String, Object>> aAlerts = alerts(x.a);
        assertEquals(2, aAlerts.size(), aAlerts.toString());
        assertEquals("safety", aAlerts.get(0).get("type"));
        assertEquals(Scenario.ref(x.a3), aAlerts.get(0).get("clientRef"));
        assertEquals(x.a3Safety.alertId.toString(), aAlerts.get(0).get("alertId"));
        assertEquals("ACKNOWLEDGED", aAlerts.get(0).get("status"));
        assertEquals("rupture", aAlerts.get(1).get("type"));
        assertEquals(Scenario.ref(x.a2), aAlerts.get(1).get("clientRef"));
        assertEquals("wai-sr", aAlerts.get(1).get("instrumentId"));
        assertEquals("75.00", aAlerts.get(1).get("scoreBefore").toString());
        assertEquals(2, alerts(x.b).size());
        assertEquals(List.of(), alerts(x.c));
    }

    @Test
    void everyEventTwiceAndFeedbackBeforeTheSessionsEndGiveTheSameFigures() {
        Scenario s = new Scenario();
        Cast x = build(s);
        // Safety alerts and feedback first, then the sessions' ends; each record delivered twice (same
        // ce_id), the safety alerts' states newest first.
        for (int i = x.safetyEvents.size() - 1; i >= 0; i--) {
            x.safetyEvents.get(i).send();
            x.safetyEvents.get(i).send();
        }
        s.feedbackEvents.forEach(event -> {
            event.send();
            event.send();
        });
        s.sessionEvents.forEach(event -> {
            event.send();
            event.send();
        });
        assertExpectedFigures(x);
        assertEquals(2, alerts(x.a).size());
    }

    @Test
    void theSummaryAndTheListCoverEveryCounsellor() {
        Scenario s = new Scenario();
        Cast x = build(s);
        // The test database holds every earlier test's counsellors: the summary is compared with
        // itself before this scenario, and must have grown by exactly the scenario's figures.
        Map<String, Object> before = summary();
        x.send();
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals("0.88", String.valueOf(view(x.b, "30d").get("allianceOutcomeR"))));
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals("1.00", String.valueOf(view(x.c, "30d").get("feedbackRate"))));
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(2, alerts(x.a).size()));

        Map<String, Object> summary = summary();
        assertEquals(3, grown(before, summary, "counsellors"), summary.toString());
        assertEquals(9 + 10 + 4, grown(before, summary, "sessionsEnded"), summary.toString());
        // Unresolved safety alerts: a3's (acknowledged), not c3's (escalated, acknowledged, resolved).
        assertEquals(1, grown(before, summary, "safetyAlerts"), summary.toString());
        assertEquals(1, grown(before, summary, "safetyEscalations"), summary.toString());
        // B's five clients alone meet the minimum: the organisation's r exists, as a correlation.
        double r = Double.parseDouble(String.valueOf(summary.get("allianceOutcomeR")));
        assertTrue(r >= -1 && r <= 1, summary.toString());
        assertTrue(Double.parseDouble(String.valueOf(summary.get("safetyMinutesToAcknowledge"))) > 0, summary.toString());

        // Sorted by openRuptures descending across every page; B (2) comes before C (0); every
        // counsellor of the summary is on a page, and a page is full unless it is the last.
        List<String> order = new ArrayList<>();
        long previous = Long.MAX_VALUE;
        long total = -1;
        for (int pageNumber = 0; total < 0 || order.size() < total; pageNumber++) {
            Map<String, Object> parsed = read(given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "supervisor"))
                    .get("/api/metrics/counsellors?window=all&sort=-openRuptures&size=100&page=" + pageNumber).then().statusCode(200)
                    .extract().asString());
            assertEquals(100, parsed.get("size"));
            total = ((Number) parsed.get("total")).longValue();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) parsed.get("items");
            assertEquals(Math.min(100, total - order.size()), items.size(), "page " + pageNumber + " of " + total);
            for (Map<String, Object> item : items) {
                long openRuptures = ((Number) item.get("openRuptures")).longValue();
                assertTrue(openRuptures <= previous, "sorted by openRuptures descending: " + item);
                previous = openRuptures;
                order.add((String) item.get("counsellorId"));
            }
        }
        assertEquals(((Number) summary.get("counsellors")).longValue(), total);
        assertEquals(total, new java.util.HashSet<>(order).size(), "no counsellor twice");
        assertTrue(order.contains(x.a.toString()));
        assertTrue(order.indexOf(x.b.toString()) >= 0 && order.indexOf(x.b.toString()) < order.indexOf(x.c.toString()), "B before C");

        String csv = given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "analyst"))
                .get("/api/metrics/export?window=30d&format=csv").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertTrue(lines[0].startsWith("counsellorId,window,asOf,sessionsEnded,"), lines[0]);
        String bLine = java.util.Arrays.stream(lines).filter(line -> line.startsWith(x.b.toString())).findFirst().orElseThrow();
        // counsellorId, window, asOf, ended 10, cancelled 0, no-shows 0, active 5, feedbackRate 1.00, allianceIndex 88.00
        // ..., openRuptures 2, repairRate 0.00, no safety alert, escalation or acknowledgement time, ...
        assertTrue(bLine.matches(x.b + ",30d,[^,]+,10,0,0,5,1.00,88.00,,,,,,2,0.00,0,0,,0.80,0.00,0.88"), bLine);
        String cLine = java.util.Arrays.stream(lines).filter(line -> line.startsWith(x.c.toString())).findFirst().orElseThrow();
        assertTrue(cLine.matches(x.c + ",30d,.*,0,,0,1,70.00,0.00,0.00,"), cLine);
    }

    private static Map<String, Object> summary() {
        return read(given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "analyst"))
                .get("/api/metrics/summary?window=all").then().statusCode(200).extract().asString());
    }

    private static long grown(Map<String, Object> before, Map<String, Object> after, String figure) {
        return ((Number) after.get(figure)).longValue() - ((Number) before.get(figure)).longValue();
    }

    private void assertExpectedFigures(Cast x) {
        // A, 30 days (days 29 .. 0): ended s2, s3, s4, s6, s9, s11, s12 = 7; with feedback all but
        // s4: 6/7 = 0.86. Alliance in the window: 85, 95, 62.5 → 80.83; WAI-SR subscales only the
        // second form. Trend: t = 0, 19, 24 days, y = 85, 95, 62.5 → slope −0.5327/day → −15.98 per
        // 30 days. Ruptures 2 (a1 day 29, a2 day 5), repairs 1. Outcomes: only a4 has two forms in
        // the window (ORS +6): 1.00 and 0.00.
        // a3's safety alert: open (acknowledged), acknowledged 20 minutes after it was raised.
        expect(x.a, "30d", 7, 1, 1, 4, "0.86", "80.83", "87.50", "50.00", "50.00", "75.00", "-15.98", 1, "0.50", 1, 0, "20.00", "1.00", "0.00", null);
        // A, all: 9 ended, 8 with feedback (8/9 = 0.89); alliance (95+85+95+75+62.5)/5 = 82.50; bond
        // (100+87.5)/2, goal (75+50)/2, task 50; trend t = 0, 9, 11, 30, 35 → −12.41; outcomes a1
        // improved, a2 deteriorated, a4 improved: 2/3, 1/3; r needs 5 clients: null.
        Object[] aAll = {9, 1, 2, 4, "0.89", "82.50", "93.75", "62.50", "50.00", "75.00", "-12.41", 1, "0.50", 1, 0, "20.00", "0.67", "0.33", null};
        expect(x.a, "all", aAll);
        expect(x.a, "90d", aAll);
        // B: 10 ended, all with feedback; alliance (100+90+95+75+80)/5 = 88.00; no trend (one
        // instant); two open ruptures, none repaired; ORS changes +10, +6, +8, −2, +6 → 4/5 improved;
        // r of mean alliance (100, 90, 95, 75, 80) and normalised change (25, 15, 20, −5, 15) = 0.8776.
        Object[] b = {10, 0, 0, 5, "1.00", "88.00", null, null, null, null, null, 2, "0.00", 0, 0, null, "0.80", "0.00", "0.88"};
        expect(x.b, "30d", b);
        expect(x.b, "all", b);
        // C, 30 days: c1's session, SRS and no-show 31 days ago are out; c2's 29 days ago are in.
        // Empathy (50 + 90)/2; c3's PHQ-9 12 → 9 is no reliable change; c3's safety alert is resolved,
        // escalated once, acknowledged after 70 minutes.
        expect(x.c, "30d", 3, 1, 0, 2, "1.00", null, null, null, null, "70.00", null, 0, null, 0, 1, "70.00", "0.00", "0.00", null);
        expect(x.c, "all", 4, 1, 1, 3, "1.00", "95.00", null, null, null, "70.00", null, 0, null, 0, 1, "70.00", "0.00", "0.00", null);
    }

    private void expect(UUID counsellor, String window, Object... figures) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < FIGURES.size(); i++) {
            expected.put(FIGURES.get(i), figures[i] == null ? null : figures[i].toString());
        }
        await().atMost(DEADLINE).untilAsserted(() -> {
            Map<String, Object> view = view(counsellor, window);
            Map<String, String> actual = new LinkedHashMap<>();
            FIGURES.forEach(name -> actual.put(name, view.get(name) == null ? null : view.get(name).toString()));
            assertEquals(expected, actual, counsellor + " " + window);
        });
    }
}
