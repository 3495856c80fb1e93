package dev.rapport.analytics.messaging;

import static dev.rapport.analytics.messaging.Views.alerts;
import static dev.rapport.analytics.messaging.Views.read;
import static dev.rapport.analytics.messaging.Views.view;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.analytics.service.ClientFigureBackfill;
import dev.rapport.analytics.service.ClientHistoryBackfill;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
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
 * Four counsellors, fifteen clients, six instruments; the expected figures are worked out by
 * hand from docs/domain.md (with its 2026-12-02 changes: rupture episodes, outcomes from intake, the
 * paired rule, counts beside every mean and rate) in the comments, not by the code under test.
 * B's forms come as rapport.feedback.submitted.v1 (the compatibility path), the others as v2.
 */
@QuarkusTest
class CounsellorViewScenarioTest {

    @Inject
    Pool pool;

    @Inject
    ClientHistoryBackfill backfill;

    @Inject
    ClientFigureBackfill figureBackfill;

    @Inject
    AllianceMetricsPublisher publisher;

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> FIGURES = List.of("sessionsEnded", "sessionsCancelled", "noShows", "activeClients",
            "feedbackRate", "allianceIndex", "bond", "goal", "task", "empathyIndex", "allianceTrend", "openRuptures",
            "repairRate", "safetyAlerts", "safetyEscalations", "safetyMinutesToAcknowledge", "reliableImprovementRate",
            "deteriorationRate", "allianceOutcomeR");
    /** The counts beside the means and rates, and the headline recoveryRate. */
    private static final List<String> COUNTS = List.of("allianceForms", "allianceClients", "waiForms", "waiClients",
            "empathyForms", "empathyClients", "ruptures", "ruptureClients", "outcomeClients", "casesAtIntake", "recoveryRate",
            "allianceOutcomeClients");
    private static final List<String> OUTCOME_FIGURES = List.of("clients", "reliableImprovementRate", "deteriorationRate",
            "casesAtIntake", "recoveryRate", "reliableRecoveryRate");

    /** The ids one run of the scenario uses: fresh per test, so tests never see each other's data. */
    private static final class Cast {
        final UUID a = UUID.randomUUID();
        final UUID b = UUID.randomUUID();
        final UUID c = UUID.randomUUID();
        final UUID a1 = UUID.randomUUID(), a2 = UUID.randomUUID(), a3 = UUID.randomUUID(), a4 = UUID.randomUUID();
        final UUID[] bClients = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        final UUID c1 = UUID.randomUUID(), c2 = UUID.randomUUID(), c3 = UUID.randomUUID();
        final UUID d = UUID.randomUUID();
        final UUID d1 = UUID.randomUUID(), d2 = UUID.randomUUID(), d3 = UUID.randomUUID();
        UUID a1Rupture, a2Rupture, a3RiskForm, c3RiskForm, a2Deterioration, d2Rupture, d3Deterioration;
        final List<UUID> d1Srs = new ArrayList<>();
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
        // (a2's PHQ-9 latest is reliably worse than intake: a deterioration alert.)
        x.a2Deterioration = s.form(x.a, x.a2, s6, "phq-9", "outcome", "15", "44.44", 5);
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
        // second: no spread in time, no trend), ORS on both. Sent as v1: no thresholds on the events.
        s.v1 = true;
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
        s.v1 = false;

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

        // Counsellor D (2026-12-02's definitions). d1: SRS 34, 34, 34, 34 (85.00 each, below 36):
        // one episode opened on the first, open. d2: WAI-SR 60 (100.00), 48 (75.00: 25 down, an
        // episode with 100 before it), 49 (77.08: not of concern, below 100: still open). d3: PHQ-9
        // 20 → 12 (−8, reliably improved) and GAD-7 6 → 12 (+6, reliably worse): deteriorated by the
        // paired rule, and a deterioration alert for GAD-7.
        for (int day : new int[] {28, 21, 14, 7}) {
            x.d1Srs.add(s.form(x.d, x.d1, s.ended(x.d, x.d1, day), "srs", "alliance", "34", "85.00", day));
        }
        s.waiSr(x.d, x.d2, s.ended(x.d, x.d2, 25), "60", "100.00", new String[] {"20", "100.00"}, new String[] {"20", "100.00"}, new String[] {"20", "100.00"}, 25);
        x.d2Rupture = s.waiSr(x.d, x.d2, s.ended(x.d, x.d2, 18), "48", "75.00", new String[] {"16", "75.00"}, new String[] {"16", "75.00"}, new String[] {"16", "75.00"}, 18);
        s.waiSr(x.d, x.d2, s.ended(x.d, x.d2, 11), "49", "77.08", new String[] {"16", "75.00"}, new String[] {"17", "81.25"}, new String[] {"16", "75.00"}, 11);
        UUID d3First = s.ended(x.d, x.d3, 20), d3Latest = s.ended(x.d, x.d3, 3);
        s.form(x.d, x.d3, d3First, "phq-9", "outcome", "20", "25.93", 20);
        s.form(x.d, x.d3, d3First, "gad-7", "outcome", "6", "71.43", 20);
        s.form(x.d, x.d3, d3Latest, "phq-9", "outcome", "12", "55.56", 3);
        x.d3Deterioration = s.form(x.d, x.d3, d3Latest, "gad-7", "outcome", "12", "42.86", 3);
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

            // Rupture alerts for the forms that opened an episode: a1's SRS (later repaired), a2's
            // WAI-SR, b4's and b5's SRS, d1's first SRS 34, d2's WAI-SR 75.
            for (UUID feedback : List.of(x.a1Rupture, x.a2Rupture, x.bRuptures.get(0), x.bRuptures.get(1), x.d1Srs.get(0), x.d2Rupture)) {
                ConsumerRecord<String, String> alert = alerts.await(TopicReader.subject(feedback), DEADLINE);
                assertEquals("rapport.alert.rupture.v1", TopicReader.header(alert, "ce_type"));
                dev.rapport.testing.EventContracts.assertProduced(TopicReader.header(alert, "ce_type"), alert.value());
            }
            // Deterioration alerts: a2's PHQ-9 8 → 15 (+7 ≥ 6), d3's GAD-7 6 → 12 (+6 ≥ 4).
            for (UUID feedback : List.of(x.a2Deterioration, x.d3Deterioration)) {
                ConsumerRecord<String, String> alert = alerts.await(TopicReader.subject(feedback), DEADLINE);
                assertEquals("rapport.alert.deterioration.v1", TopicReader.header(alert, "ce_type"));
                dev.rapport.testing.EventContracts.assertProduced(TopicReader.header(alert, "ce_type"), alert.value());
            }
            Map<String, Object> d3Alert = read(alerts.await(TopicReader.subject(x.d3Deterioration), DEADLINE).value());
            assertEquals("gad-7", d3Alert.get("instrumentId"));
            assertEquals(Scenario.ref(x.d3), d3Alert.get("clientRef"));
            @SuppressWarnings("unchecked")
            Map<String, Object> d3Scores = (Map<String, Object>) d3Alert.get("scores");
            assertEquals("6", d3Scores.get("intakeTotal").toString());
            assertEquals("12", d3Scores.get("latestTotal").toString());
            assertEquals("4", d3Scores.get("reliableChangePoints").toString());
            ConsumerRecord<String, String> a1Alert = alerts.await(TopicReader.subject(x.a1Rupture), DEADLINE);
            assertEquals(x.a.toString(), a1Alert.key());
            assertEquals(Scenario.ref(x.a1), read(a1Alert.value()).get("clientRef"));
            assertFalse(a1Alert.value().contains(x.a1.toString()), "the client id never leaves the service");
        }
        // The forms with a risk answer raise nothing here: their safety alerts are feedback-service's.
        // (Asked of the outbox, not the topic: an instance of an older version on the same broker
        // would publish its own alerts there.)
        // d1's second to fourth SRS 34 belong to the open episode: no alert of their own.
        for (UUID form : List.of(x.a3RiskForm, x.c3RiskForm, x.d1Srs.get(1), x.d1Srs.get(2), x.d1Srs.get(3))) {
            assertEquals(0L, pool.preparedQuery("SELECT count(*) FROM outbox_event WHERE subject = $1")
                    .execute(Tuple.of(form.toString())).await().indefinitely().iterator().next().getLong(0));
        }

        // Open alerts: A has a3's safety alert (day 1), then a2's rupture and deterioration (both
        // forms of day 5, the same instant); B b4's and b5's ruptures; C none (its safety alert was
        // resolved); D d1's and d2's open episodes and d3's GAD-7 deterioration.
        List<Map<String, Object>> aAlerts = alerts(x.a);
        assertEquals(3, aAlerts.size(), aAlerts.toString());
        assertEquals("safety", aAlerts.get(0).get("type"));
        assertEquals(Scenario.ref(x.a3), aAlerts.get(0).get("clientRef"));
        assertEquals(x.a3Safety.alertId.toString(), aAlerts.get(0).get("alertId"));
        assertEquals("ACKNOWLEDGED", aAlerts.get(0).get("status"));
        Map<String, Object> a2Rupture = alertOf(aAlerts, "rupture");
        assertEquals(Scenario.ref(x.a2), a2Rupture.get("clientRef"));
        assertEquals("wai-sr", a2Rupture.get("instrumentId"));
        assertEquals("75.00", a2Rupture.get("scoreBefore").toString());
        Map<String, Object> a2Deterioration = alertOf(aAlerts, "deterioration");
        assertEquals("phq-9", a2Deterioration.get("instrumentId"));
        assertEquals(x.a2Deterioration.toString(), a2Deterioration.get("feedbackId"));
        assertEquals("70.37", a2Deterioration.get("scoreBefore").toString(), "the intake's normalised score");
        assertEquals(2, alerts(x.b).size());
        assertEquals(List.of(), alerts(x.c));
        List<Map<String, Object>> dAlerts = alerts(x.d);
        assertEquals(3, dAlerts.size(), dAlerts.toString());
        // Newest first: d3's GAD-7 (day 3), d2's episode (opened day 18), d1's (opened day 28, on the first form).
        assertEquals(List.of("deterioration", "rupture", "rupture"), dAlerts.stream().map(a -> a.get("type")).toList());
        assertEquals(x.d2Rupture.toString(), dAlerts.get(1).get("feedbackId"));
        assertEquals("100.00", dAlerts.get(1).get("scoreBefore").toString());
        assertEquals(x.d1Srs.get(0).toString(), dAlerts.get(2).get("feedbackId"));
        assertEquals(null, dAlerts.get(2).get("scoreBefore"));
    }

    @Test
    void everyEventTwiceInReverseOrderAndFeedbackBeforeTheSessionsEndGiveTheSameFigures() {
        Scenario s = new Scenario();
        Cast x = build(s);
        // Safety alerts and feedback first, then the sessions' ends; each record delivered twice (same
        // ce_id), newest first: a client's latest form and latest end come before the earlier ones.
        for (List<Scenario.Event> events : List.of(x.safetyEvents, s.feedbackEvents, s.sessionEvents)) {
            for (int i = events.size() - 1; i >= 0; i--) {
                events.get(i).send();
                events.get(i).send();
            }
        }
        assertExpectedFigures(x);
        assertEquals(3, alerts(x.a).size());
        assertEquals(3, alerts(x.d).size());
    }

    @Test
    void theStatesOfFormsStoredBeforeClientHistoryAndTheirFigureRowsAreDerivedOnce() throws Throwable {
        Cast x = sentAndSeen();
        // What the consumer kept: the derivation must give the same rows.
        List<String> figureRows = figureRows(x);
        // As an analytics database of the version before client_history: the forms, no states, no
        // figure rows, and stored views that a GET serves as current (here: published again without them).
        for (UUID counsellor : List.of(x.a, x.b, x.c, x.d)) {
            pool.preparedQuery("DELETE FROM client_history WHERE counsellor_id = $1").execute(Tuple.of(counsellor)).await().indefinitely();
            pool.preparedQuery("UPDATE counsellor_view SET changes = changes + 1 WHERE counsellor_id = $1").execute(Tuple.of(counsellor))
                    .await().indefinitely();
        }
        pool.query("DELETE FROM client_figure_day").execute().await().indefinitely();
        assertEquals(0, ((Number) view(x.d, "all").get("openRuptures")).intValue(), "without states the view has no episodes");
        for (UUID counsellor : List.of(x.a, x.b, x.c, x.d)) {
            VertxContextSupport.subscribeAndAwait(() -> publisher.publish(List.of(counsellor)));
        }
        assertEquals(0, ((Number) view(x.d, "all").get("openRuptures")).intValue(), "the stored view, published without states");

        pool.query("INSERT INTO client_history_backfill VALUES (true) ON CONFLICT DO NOTHING").execute().await().indefinitely();
        pool.query("INSERT INTO client_figure_backfill VALUES (true) ON CONFLICT DO NOTHING").execute().await().indefinitely();

        long derived = VertxContextSupport.subscribeAndAwait(backfill::deriveIfPending);
        long clients = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(figureBackfill::deriveIfPending));

        assertTrue(derived >= 20, "the scenario's histories: " + derived);
        assertTrue(clients >= 8, "every client with a state, the scenario's among them: " + clients);
        assertFalse(figureRows.isEmpty());
        assertEquals(figureRows, figureRows(x), "the figure rows derived from the states are those the consumers kept");
        for (String marker : List.of("client_history_backfill", "client_figure_backfill")) {
            assertEquals(0L, pool.query("SELECT count(*) FROM " + marker).execute().await().indefinitely()
                    .iterator().next().getLong(0), marker + ": the marker is gone");
        }
        assertEquals(0L, VertxContextSupport.subscribeAndAwait(backfill::deriveIfPending), "a later start derives nothing");
        assertEquals(0L, VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(figureBackfill::deriveIfPending)));
        // The backfill marked every stored view changed: a GET computes it again, with the states.
        assertExpectedFigures(x);
        assertEquals(3, alerts(x.a).size());
        assertEquals(3, alerts(x.d).size());
    }

    /** The cast's rows of client_figure_day, values as numbers (scale aside), in key order. */
    private List<String> figureRows(Cast x) {
        List<String> rows = new ArrayList<>();
        pool.preparedQuery("SELECT counsellor_id || ' ' || day || ' ' || figure || ' ' || trim_scale(value) FROM client_figure_day"
                        + " WHERE counsellor_id = ANY($1) ORDER BY counsellor_id, day, figure")
                .execute(Tuple.of(new UUID[] {x.a, x.b, x.c, x.d})).await().indefinitely().forEach(row -> rows.add(row.getString(0)));
        return rows;
    }

    /**
     * V11 and V12 derive client_latest_form and counsellor_client from the forms and sessions
     * stored before them; the consumers keep the same rows in the statements that store forms and
     * sessions. Both ways must give the same rows, or an upgraded database would count other
     * clients than a fresh one: each migration's derivation, run over the scenario, against what
     * the consumers kept.
     */
    @Test
    void theMigrationsDeriveTheLatestRowsTheConsumersKeep() throws Exception {
        Cast x = sentAndSeen();
        Tuple counsellors = Tuple.of(new UUID[] {x.a, x.b, x.c, x.d});
        for (var table : Map.of("V11__client_latest_form.sql", "client_latest_form (counsellor_id, client_ref, alliance_at, wai_at, empathy_at)",
                "V12__counsellor_client.sql", "counsellor_client (counsellor_id, client_ref, last_ended_at)").entrySet()) {
            String migration = new String(getClass().getResourceAsStream("/db/migration/" + table.getKey()).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            String insert = "INSERT INTO " + table.getValue();
            assertTrue(migration.contains(insert), table.getKey() + " derives " + table.getValue());
            String derived = migration.substring(migration.indexOf(insert) + insert.length()).trim().replaceAll(";\\s*$", "");
            String kept = "SELECT " + table.getValue().replaceAll(".*\\((.*)\\)", "$1") + " FROM " + table.getValue().replaceAll(" .*", "");
            String mine = " WHERE counsellor_id = ANY($1)";
            var differences = pool.preparedQuery("SELECT count(*) FROM ((SELECT * FROM (" + derived + ") d" + mine + " EXCEPT " + kept + mine
                    + ") UNION ALL (" + kept + mine + " EXCEPT SELECT * FROM (" + derived + ") d" + mine + ")) diff")
                    .execute(counsellors).await().indefinitely().iterator().next().getLong(0);
            var rows = pool.preparedQuery(kept + mine).execute(counsellors).await().indefinitely().size();
            assertTrue(rows >= 10, table.getValue() + ": " + rows + " rows of the scenario");
            assertEquals(0L, differences, table.getKey() + " against what the consumers kept");
        }
    }

    private static Map<String, Object> alertOf(List<Map<String, Object>> alerts, String type) {
        return alerts.stream().filter(a -> type.equals(a.get("type"))).findFirst().orElseThrow(() -> new AssertionError(type + " in " + alerts));
    }

    @Test
    void theSummaryAndTheListCoverEveryCounsellor() {
        Scenario s = new Scenario();
        Cast x = build(s);
        // The test database holds every earlier test's counsellors: the summary is compared with
        // itself before this scenario, and must have grown by exactly the scenario's figures.
        Map<String, Object> before = summary();
        x.send();
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals("5", String.valueOf(view(x.b, "30d").get("allianceOutcomeClients"))));
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals("1.00", String.valueOf(view(x.c, "30d").get("feedbackRate"))));
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals("1.00", String.valueOf(view(x.d, "30d").get("deteriorationRate"))));
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(3, alerts(x.a).size()));

        Map<String, Object> summary = summary();
        assertEquals(4, grown(before, summary, "counsellors"), summary.toString());
        assertEquals(9 + 10 + 4 + 9, grown(before, summary, "sessionsEnded"), summary.toString());
        // Rupture episodes: a1, a2, b4, b5, d1, d2; open all but a1's.
        assertEquals(6, grown(before, summary, "ruptures"), summary.toString());
        assertEquals(5, grown(before, summary, "openRuptures"), summary.toString());
        // Clients with early alliance and a counting primary outcome: a1, a2, b1..b5.
        assertEquals(7, grown(before, summary, "allianceOutcomeClients"), summary.toString());
        // Unresolved safety alerts: a3's (acknowledged), not c3's (escalated, acknowledged, resolved).
        assertEquals(1, grown(before, summary, "safetyAlerts"), summary.toString());
        assertEquals(1, grown(before, summary, "safetyEscalations"), summary.toString());
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
        // counsellorId, window, asOf; ended 10, cancelled 0, no-shows 0, active 5, feedbackRate 1.00;
        // allianceIndex 88.00 over 5 forms of 5 clients; no WAI-SR, no CARE, no trend; 2 episodes of 2
        // clients, 2 open, none repaired; no safety alert; headline 5 clients, 0.80 improved, none
        // deteriorated, 5 cases at intake, 0.80 recovered; outcomes phq-9 and gad-7 empty, ors 5
        // clients 0.80 0.00, 5 cases, 0.80 0.80; no r over 5 clients; what rests on fewer than 10.
        String bExpected = String.join(",", x.b.toString(), "30d", "[^,]+", "10", "0", "0", "5", "1.00",
                "88.00", "5", "5", "", "", "", "0", "0", "", "0", "0", "",
                "2", "2", "2", "0.00", "0", "0", "",
                "5", "0.80", "0.00", "5", "0.80",
                "0", "", "", "0", "", "", "0", "", "", "0", "", "", "5", "0.80", "0.00", "5", "0.80", "0.80",
                "", "5", "feedbackRate;allianceIndex;repairRate;reliableImprovementRate;deteriorationRate;recoveryRate;"
                        + "outcomes.ors.reliableImprovementRate;outcomes.ors.deteriorationRate;outcomes.ors.recoveryRate;"
                        + "outcomes.ors.reliableRecoveryRate");
        assertTrue(bLine.matches(bExpected), bLine + "\n" + bExpected);
        assertTrue(lines[0].contains(",outcomes.phq-9.clients,") && lines[0].endsWith(",allianceOutcomeR,allianceOutcomeClients,belowMinimum"),
                lines[0]);
        String cLine = java.util.Arrays.stream(lines).filter(line -> line.startsWith(x.c.toString())).findFirst().orElseThrow();
        // C, 30 days: c3's PHQ-9 12 → 9 is no reliable change but recovered (9 < 10); one client each.
        assertTrue(cLine.endsWith(",0,,0,1,70.00,1,0.00,0.00,1,1.00,1,0.00,0.00,1,1.00,0.00,0,,,0,,,0,,,0,,,,0,feedbackRate;empathyIndex;"
                + "reliableImprovementRate;deteriorationRate;recoveryRate;outcomes.phq-9.reliableImprovementRate;"
                + "outcomes.phq-9.deteriorationRate;outcomes.phq-9.recoveryRate;outcomes.phq-9.reliableRecoveryRate"), cLine);
    }

    private static Map<String, Object> summary() {
        return read(given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "analyst"))
                .get("/api/metrics/summary?window=all").then().statusCode(200).extract().asString());
    }

    private static long grown(Map<String, Object> before, Map<String, Object> after, String figure) {
        return ((Number) after.get(figure)).longValue() - ((Number) before.get(figure)).longValue();
    }

    /** The scenario built, sent once, and every view awaited until it shows the figures worked out by hand. */
    private Cast sentAndSeen() {
        Cast x = build(new Scenario());
        x.send();
        assertExpectedFigures(x);
        return x;
    }

    private void assertExpectedFigures(Cast x) {
        // A, 30 days (days 29 .. 0): ended s2, s3, s4, s6, s9, s11, s12 = 7; with feedback all but
        // s4: 6/7 = 0.86. Alliance in the window: 85, 95, 62.5 → 80.83 (3 forms, a1 and a2); WAI-SR
        // subscales only the second form. Trend: t = 0, 19, 24 days, y = 85, 95, 62.5 → slope
        // −0.5327/day → −15.98 per 30 days. Episodes 2 (a1 opened day 29, repaired day 10; a2 opened
        // day 5, open): repairRate 1/2, openRuptures 1.
        // Outcomes from intake (changed 2026-12-02): a1's PHQ-9 intake is 40 days ago, outside the
        // window, its latest (day 10) inside: 18 → 10, −8, improved; a case at intake (18 ≥ 10) and
        // at latest (10 ≥ 10). a2's PHQ-9 8 → 15: +7, deteriorated; no case at intake. a4's ORS
        // 20 → 26: +6, improved; a case at intake (< 25), not at latest: recovered, reliably.
        // Headline: 3 clients, improved a1 and a4 2/3 = 0.67, deteriorated 1/3 = 0.33; cases at
        // intake a1 and a4, recovered a4: 1/2 = 0.50. r: a1 and a2 have both (a4 has no alliance): 2
        // clients, null.
        // a3's safety alert: open (acknowledged), acknowledged 20 minutes after it was raised.
        expect(x.a, "30d", 7, 1, 1, 4, "0.86", "80.83", "87.50", "50.00", "50.00", "75.00", "-15.98", 1, "0.50", 1, 0, "20.00", "0.67", "0.33", null);
        expectCounts(x.a, "30d", 3, 2, 1, 1, 1, 1, 2, 2, 3, 2, "0.50", 2);
        // phq-9: a1 and a2; improved 1/2, deteriorated 1/2; a case at intake a1 only, not recovered.
        expectOutcome(x.a, "30d", "phq-9", 2, "0.50", "0.50", 1, "0.00", "0.00");
        expectOutcome(x.a, "30d", "gad-7", 0, null, null, 0, null, null);
        expectOutcome(x.a, "30d", "ors", 1, "1.00", "0.00", 1, "1.00", "1.00");
        // A, all: 9 ended, 8 with feedback (8/9 = 0.89); alliance (95+85+95+75+62.5)/5 = 82.50; bond
        // (100+87.5)/2, goal (75+50)/2, task 50; trend t = 0, 9, 11, 30, 35 → −12.41; the outcomes
        // the same as in 30 days (every latest is in both).
        Object[] aAll = {9, 1, 2, 4, "0.89", "82.50", "93.75", "62.50", "50.00", "75.00", "-12.41", 1, "0.50", 1, 0, "20.00", "0.67", "0.33", null};
        expect(x.a, "all", aAll);
        expect(x.a, "90d", aAll);
        expectCounts(x.a, "all", 5, 2, 2, 1, 1, 1, 2, 2, 3, 2, "0.50", 2);
        expectOutcome(x.a, "all", "phq-9", 2, "0.50", "0.50", 1, "0.00", "0.00");
        // B (v1 events, thresholds from the compatibility path): 10 ended, all with feedback;
        // alliance (100+90+95+75+80)/5 = 88.00; no trend (one instant); b4 (30) and b5 (32) below
        // 36 on their first form: two episodes, open, none repaired. ORS 20→30, 20→26, 24→32,
        // 24→22, 20→26: +10, +6, +8, −2, +6 → 4/5 improved, none deteriorated; every intake < 25 is
        // a case; b4's latest 22 still is, the others recovered, each reliably: 4/5 and 4/5.
        // r over 5 clients: below the minimum of 10, null (it was 0.88 before 2026-12-02).
        Object[] b = {10, 0, 0, 5, "1.00", "88.00", null, null, null, null, null, 2, "0.00", 0, 0, null, "0.80", "0.00", null};
        expect(x.b, "30d", b);
        expect(x.b, "all", b);
        expectCounts(x.b, "30d", 5, 5, 0, 0, 0, 0, 2, 2, 5, 5, "0.80", 5);
        expectOutcome(x.b, "30d", "ors", 5, "0.80", "0.00", 5, "0.80", "0.80");
        // C, 30 days: c1's session, SRS and no-show 31 days ago are out; c2's 29 days ago are in.
        // Empathy (50 + 90)/2 over 2 forms of 2 clients; c3's PHQ-9 12 → 9 is no reliable change,
        // but a case at intake (12 ≥ 10) and not at latest (9): recovered, not reliably. c3's safety
        // alert is resolved, escalated once, acknowledged after 70 minutes.
        expect(x.c, "30d", 3, 1, 0, 2, "1.00", null, null, null, null, "70.00", null, 0, null, 0, 1, "70.00", "0.00", "0.00", null);
        expectCounts(x.c, "30d", 0, 0, 0, 0, 2, 2, 0, 0, 1, 1, "1.00", 0);
        expectOutcome(x.c, "30d", "phq-9", 1, "0.00", "0.00", 1, "1.00", "0.00");
        expect(x.c, "all", 4, 1, 1, 3, "1.00", "95.00", null, null, null, "70.00", null, 0, null, 0, 1, "70.00", "0.00", "0.00", null);
        expectCounts(x.c, "all", 1, 1, 0, 0, 2, 2, 0, 0, 1, 1, "1.00", 0);
        // D, 30 days (everything is): 9 sessions ended, each with its feedback; 3 clients.
        // Alliance: 85 × 4 (d1) + 100 + 75 + 77.08 (d2) = 592.08 over 7 forms → 84.58. Subscales (d2):
        // bond (100 + 75 + 75)/3 = 83.33, goal (100 + 75 + 81.25)/3 = 85.42, task 83.33.
        // Trend, t in days from 28 days ago: d1 0, 7, 14, 21 at 85; d2 3, 10, 17 at 100, 75, 77.08.
        // n 7, Σt 72, Σy 592.08, Σt² 1084, Σty 3570 + 300 + 750 + 1310.36 = 5930.36; slope =
        // (7 × 5930.36 − 72 × 592.08) / (7 × 1084 − 72²) = −1117.24 / 2404 = −0.46474/day → −13.94.
        // Episodes: d1's SRS 34, 34, 34, 34 is ONE, opened on day 28, open (not four ruptures and
        // three repairs); d2's WAI-SR 100 → 75 → 77.08, one, open (77.08 < 100): 2 episodes of 2
        // clients, repairRate 0/2, openRuptures 2.
        // Outcomes: d3 PHQ-9 20 → 12 (improved; a case at intake, still one at 12) and GAD-7 6 → 12
        // (deteriorated; 6 < 8, no case at intake): the paired rule says deteriorated, not
        // improved; a case at intake (PHQ-9), a case at latest on both: not recovered.
        expect(x.d, "30d", 9, 0, 0, 3, "1.00", "84.58", "83.33", "85.42", "83.33", null, "-13.94", 2, "0.00", 0, 0, null, "0.00", "1.00", null);
        expectCounts(x.d, "30d", 7, 2, 3, 1, 0, 0, 2, 2, 1, 1, "0.00", 0);
        expectOutcome(x.d, "30d", "phq-9", 1, "1.00", "0.00", 1, "0.00", "0.00");
        expectOutcome(x.d, "30d", "gad-7", 1, "0.00", "1.00", 0, null, null);
        expectOutcome(x.d, "30d", "ors", 0, null, null, 0, null, null);
        // Every non-null figure here rests on fewer than 10 clients.
        assertEquals(List.of("feedbackRate", "allianceIndex", "bond", "goal", "task", "allianceTrend", "repairRate",
                "reliableImprovementRate", "deteriorationRate", "recoveryRate", "outcomes.phq-9.reliableImprovementRate",
                "outcomes.phq-9.deteriorationRate", "outcomes.phq-9.recoveryRate", "outcomes.phq-9.reliableRecoveryRate",
                "outcomes.gad-7.reliableImprovementRate", "outcomes.gad-7.deteriorationRate"), view(x.d, "30d").get("belowMinimum"));
    }

    private void expect(UUID counsellor, String window, Object... figures) {
        expectNamed(counsellor, window, FIGURES, figures);
    }

    /** allianceForms, allianceClients, waiForms, waiClients, empathyForms, empathyClients, ruptures, ruptureClients,
     * outcomeClients, casesAtIntake, recoveryRate, allianceOutcomeClients. */
    private void expectCounts(UUID counsellor, String window, Object... figures) {
        expectNamed(counsellor, window, COUNTS, figures);
    }

    private void expectNamed(UUID counsellor, String window, List<String> names, Object... figures) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            expected.put(names.get(i), figures[i] == null ? null : figures[i].toString());
        }
        await().atMost(DEADLINE).untilAsserted(() -> {
            Map<String, Object> view = view(counsellor, window);
            Map<String, String> actual = new LinkedHashMap<>();
            names.forEach(name -> actual.put(name, view.get(name) == null ? null : view.get(name).toString()));
            assertEquals(expected, actual, counsellor + " " + window);
        });
    }

    /** outcomes.<instrument>: clients, reliableImprovementRate, deteriorationRate, casesAtIntake, recoveryRate, reliableRecoveryRate. */
    @SuppressWarnings("unchecked")
    private void expectOutcome(UUID counsellor, String window, String instrument, Object... figures) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < OUTCOME_FIGURES.size(); i++) {
            expected.put(OUTCOME_FIGURES.get(i), figures[i] == null ? null : figures[i].toString());
        }
        await().atMost(DEADLINE).untilAsserted(() -> {
            Map<String, Object> outcome = ((Map<String, Map<String, Object>>) view(counsellor, window).get("outcomes")).get(instrument);
            Map<String, String> actual = new LinkedHashMap<>();
            OUTCOME_FIGURES.forEach(name -> actual.put(name, outcome.get(name) == null ? null : outcome.get(name).toString()));
            assertEquals(expected, actual, counsellor + " " + window + " " + instrument);
        });
    }
}
