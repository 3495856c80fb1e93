package dev.rapport.analytics.messaging;

import static dev.rapport.analytics.messaging.Views.alerts;
import static dev.rapport.analytics.messaging.Views.read;
import static dev.rapport.analytics.messaging.Views.view;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.rapport.platform.messaging.Erasures;
import dev.rapport.testing.DatabaseScan;
import dev.rapport.testing.TestKafka;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Erasure of a client in analytics-service. The oracle is a second counsellor fed the same
 * scenario without the erased client (the same other client, the same days and scores): after
 * the erasure the first counsellor's views and alerts must equal the second's, in every window,
 * and stay equal through a late event of the erased client and a rebuild from the topics. No row
 * of any table holds the erased reference.
 */
@QuarkusTest
class ClientErasureTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String ADMIN = TestTokens.bearer(UUID.randomUUID(), "admin");
    private static final List<String> WINDOWS = List.of("30d", "90d", "all");

    @Inject
    Pool pool;

    @Test
    void anErasedClientLeavesTheViewsOfAPlatformThatNeverHadThemThroughLateEventsAndARebuild() {
        Scenario s = new Scenario();
        UUID counsellor = UUID.randomUUID(), oracle = UUID.randomUUID();
        UUID erased = UUID.randomUUID(), other = UUID.randomUUID();
        String erasedRef = Scenario.ref(erased);

        // The client to erase, with the counsellor only: a rupture episode and its repair, Bordin
        // subscales, empathy, outcomes (ORS improving, PHQ-9 5 → 14 reliably worse: a deterioration
        // alert), an unscorable form, a cancellation, a no-show and a safety alert.
        UUID e1 = s.ended(counsellor, erased, 12), e2 = s.ended(counsellor, erased, 6), e3 = s.ended(counsellor, erased, 2);
        s.cancelled(counsellor, erased, 4);
        s.noShow(counsellor, erased, 45);
        s.form(counsellor, erased, e1, "srs", "alliance", "38", "95.00", 12);
        s.form(counsellor, erased, e2, "srs", "alliance", "30", "75.00", 6);
        s.form(counsellor, erased, e3, "srs", "alliance", "38", "95.00", 2);
        s.waiSr(counsellor, erased, e2, "40", "62.50", new String[] {"10", "41.67"}, new String[] {"14", "66.67"},
                new String[] {"16", "79.17"}, 6);
        s.form(counsellor, erased, e1, "care", "empathy", "30", "50.00", 12);
        s.form(counsellor, erased, e1, "ors", "outcome", "15", "37.50", 12);
        s.form(counsellor, erased, e3, "ors", "outcome", "30", "75.00", 2);
        s.form(counsellor, erased, e1, "phq-9", "outcome", "5", "81.48", 12);
        s.form(counsellor, erased, e3, "phq-9", "outcome", "14", "48.15", 2);
        s.unscorable(counsellor, erased, e3, "srs", "alliance", 2);
        Scenario.SafetyAlertLife safety = s.safetyAlert(counsellor, erased, s.daysAgo(6, 1));
        // The other client, with both counsellors alike.
        for (UUID c : List.of(counsellor, oracle)) {
            UUID o1 = s.ended(c, other, 20), o2 = s.ended(c, other, 3);
            s.cancelled(c, other, 1);
            s.form(c, other, o1, "srs", "alliance", "36", "90.00", 20);
            s.form(c, other, o2, "srs", "alliance", "37", "92.50", 3);
            s.waiSr(c, other, o2, "48", "75.00", new String[] {"12", "50.00"}, new String[] {"16", "75.00"}, new String[] {"20", "100.00"}, 3);
            s.form(c, other, o1, "ors", "outcome", "20", "50.00", 20);
            s.form(c, other, o2, "ors", "outcome", "28", "70.00", 3);
            s.form(c, other, o2, "care", "empathy", "40", "75.00", 3);
        }
        s.sessionEvents.forEach(Scenario.Event::send);
        s.feedbackEvents.forEach(Scenario.Event::send);
        safety.raised().send();
        safety.acknowledged(Duration.ofMinutes(20)).send();
        await().atMost(DEADLINE).untilAsserted(() -> {
            Map<String, Object> all = view(counsellor, "all");
            assertEquals(5, all.get("sessionsEnded"));
            assertEquals(2, all.get("sessionsCancelled"));
            assertEquals(1, all.get("safetyAlerts"));
            assertEquals(2, view(oracle, "all").get("sessionsEnded"));
            assertEquals(1, view(oracle, "all").get("sessionsCancelled"));
            assertEquals("1.00", String.valueOf(all.get("feedbackRate")));
            assertEquals(2, all.get("outcomeClients"));
        });
        // Before the erasure the two differ (otherwise the comparison below proves nothing).
        assertNotEquals(figures(oracle), figures(counsellor));

        UUID erasureId = UUID.randomUUID();
        try (TopicReader erasures = TopicReader.fromNow(Erasures.TOPIC)) {
            requestErasure(erasureId, erasedRef);
            erasures.await(r -> TopicReader.subject(erasureId).test(r) && TopicReader.type(Erasures.COMPLETED).test(r)
                    && r.value().contains("\"analytics-service\""), DEADLINE);
        }
        assertEquals(figures(oracle), figures(counsellor));
        assertEquals(alerts(oracle), alerts(counsellor));
        assertEquals(List.of(), DatabaseScan.rowsHolding(pool, erasedRef));

        // A late event of the erased client (after its erasure on the same partition as a marker
        // that both counsellors get) is dropped: only the marker counts.
        UUID marker = UUID.randomUUID();
        int before = s.sessionEvents.size();
        s.ended(counsellor, erased, 0);
        s.ended(counsellor, marker, 0);
        s.ended(oracle, marker, 0);
        s.sessionEvents.subList(before, s.sessionEvents.size()).forEach(Scenario.Event::send);
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertEquals(3, view(counsellor, "all").get("sessionsEnded"));
            assertEquals(3, view(oracle, "all").get("sessionsEnded"));
        });
        assertEquals(figures(oracle), figures(counsellor));
        assertEquals(List.of(), DatabaseScan.rowsHolding(pool, erasedRef));

        // A rebuild from the topics, which still hold the client's events, leaves them out.
        Response started = given().header("Authorization", ADMIN).post("/api/admin/rebuild");
        assertEquals(202, started.statusCode(), started.asString());
        String run = started.path("id");
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertEquals("SWITCHED",
                read(given().header("Authorization", ADMIN).get("/api/admin/rebuild/{id}", run).then().extract().asString()).get("state")));
        assertEquals(figures(oracle), figures(counsellor));
        assertEquals(alerts(oracle), alerts(counsellor));
        assertEquals(List.of(), DatabaseScan.rowsHolding(pool, erasedRef));
    }

    @Test
    void aRepeatedRequestIsConfirmedOnceAndAnUnreadableOneIsDeadLettered() {
        UUID erasureId = UUID.randomUUID(), eventId = UUID.randomUUID(), markerId = UUID.randomUUID();
        String ref = Scenario.ref(UUID.randomUUID());
        try (TopicReader erasures = TopicReader.fromNow(Erasures.TOPIC);
             TopicReader dead = TopicReader.fromNow(ErasureRequests.DEAD_LETTER_TOPIC)) {
            // The same delivery twice, then a marker under the same key (same partition, read after them).
            send(erasureId.toString(), erasureId, ref, eventId);
            send(erasureId.toString(), erasureId, ref, eventId);
            send(erasureId.toString(), markerId, ref, UUID.randomUUID());
            erasures.await(r -> TopicReader.subject(markerId).test(r) && TopicReader.type(Erasures.COMPLETED).test(r), DEADLINE);
            assertEquals(1L, pool.preparedQuery("SELECT count(*) FROM outbox_event WHERE event_type = $1 AND subject = $2")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(Erasures.COMPLETED, erasureId.toString()))
                    .await().indefinitely().iterator().next().getLong(0));

            UUID unreadable = UUID.randomUUID();
            TestKafka.sendRaw(Erasures.TOPIC, unreadable.toString(), "{\"erasureId\":\"" + unreadable + "\"}", headers(unreadable, UUID.randomUUID()));
            dead.await(r -> unreadable.toString().equals(r.key()), DEADLINE);
        }
    }

    private static void requestErasure(UUID erasureId, String ref) {
        send(erasureId.toString(), erasureId, ref, UUID.randomUUID());
    }

    private static void send(String key, UUID erasureId, String ref, UUID eventId) {
        String data = "{\"erasureId\":\"%s\",\"clientRef\":\"%s\",\"requestedAt\":\"%s\"}".formatted(erasureId, ref, Instant.now());
        TestKafka.send(Erasures.TOPIC, key, data, headers(erasureId, eventId));
    }

    private static Map<String, String> headers(UUID erasureId, UUID eventId) {
        return Map.of("ce_id", eventId.toString(), "ce_type", Erasures.REQUESTED, "ce_specversion", "1.0",
                "ce_source", "session-service", "ce_subject", erasureId.toString(), "content-type", "application/json");
    }

    /** Every window's figures as strings, without the counsellor's id and the instant of reading. */
    private static Map<String, Map<String, String>> figures(UUID counsellor) {
        Map<String, Map<String, String>> result = new TreeMap<>();
        for (String window : WINDOWS) {
            Map<String, String> figures = new TreeMap<>();
            view(counsellor, window).forEach((name, value) -> {
                if (!name.equals("asOf") && !name.equals("counsellorId")) {
                    figures.put(name, String.valueOf(value));
                }
            });
            result.put(window, figures);
        }
        return result;
    }
}
