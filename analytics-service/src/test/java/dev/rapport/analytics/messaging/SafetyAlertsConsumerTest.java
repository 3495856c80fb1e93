package dev.rapport.analytics.messaging;

import dev.rapport.analytics.events.Alerts;
import static dev.rapport.analytics.messaging.Views.alerts;
import static dev.rapport.analytics.messaging.Views.read;
import static dev.rapport.analytics.messaging.Views.summary;
import static dev.rapport.analytics.messaging.Views.view;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rapport.testing.TestKafka;
import dev.rapport.testing.TestTopics;
import dev.rapport.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * feedback-service's safety alerts on the topic alerts, as the views, the alerts list and
 * alliance-metrics show them. The alert follows the client: every counsellor with a session for
 * the client sees it, not only the one whose session's form raised it.
 */
@QuarkusTest
class SafetyAlertsConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final List<String> WINDOWS = List.of("30d", "90d", "all");

    private final Scenario s = new Scenario();

    @Test
    void anAlertCountsForEveryCounsellorOfTheClientUntilItIsResolved() {
        UUID raising = UUID.randomUUID(), colleague = UUID.randomUUID(), stranger = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        s.ended(raising, client, 1);
        s.ended(colleague, client, 20);
        s.ended(stranger, UUID.randomUUID(), 1);
        s.sessionEvents.forEach(Scenario.Event::send);
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(1, view(colleague, "30d").get("sessionsEnded")));
        Scenario.SafetyAlertLife alert = s.safetyAlert(raising, client, s.now.minus(2, ChronoUnit.HOURS));

        try (TopicReader metrics = TopicReader.fromNow(AllianceMetricsPublisher.TOPIC)) {
            alert.raised().send();
            for (UUID counsellor : List.of(raising, colleague)) {
                awaitSafety(counsellor, 1, 0, null);
            }
            // The colleague's view changed by the alert alone: it is published again.
            ConsumerRecord<String, String> published = metrics.await(r -> colleague.toString().equals(r.key())
                    && String.valueOf(windows(r).get("30d").get("safetyAlerts")).equals("1"), DEADLINE);
            assertEquals(java.util.Set.copyOf(WINDOWS), windows(published).keySet());
        }
        assertSafety(stranger, 0, 0, null);

        for (UUID counsellor : List.of(raising, colleague)) {
            List<Map<String, Object>> listed = alerts(counsellor);
            assertEquals(1, listed.size(), listed.toString());
            Map<String, Object> safety = listed.get(0);
            assertEquals("safety", safety.get("type"));
            assertEquals(Scenario.ref(client), safety.get("clientRef"));
            assertEquals("phq-9", safety.get("instrumentId"));
            assertEquals(alert.alertId.toString(), safety.get("alertId"));
            assertEquals(alert.feedbackId.toString(), safety.get("feedbackId"));
            assertEquals("OPEN", safety.get("status"));
            assertEquals(alert.raisedAt, Instant.parse((String) safety.get("raisedAt")));
            assertNull(safety.get("escalatedAt"));
            assertEquals(List.of("SAFETY_ITEM"), safety.get("causes"));
        }

        // Acknowledged 30 minutes after it was raised: still unresolved.
        alert.acknowledged(Duration.ofMinutes(30)).send();
        for (UUID counsellor : List.of(raising, colleague)) {
            awaitSafety(counsellor, 1, 0, "30.00");
        }
        assertEquals("ACKNOWLEDGED", alerts(colleague).get(0).get("status"));

        // Resolved: no longer counted nor listed; how long it took to acknowledge stays a figure.
        alert.resolved(Duration.ofMinutes(55)).send();
        for (UUID counsellor : List.of(raising, colleague)) {
            awaitSafety(counsellor, 0, 0, "30.00");
            assertEquals(List.of(), alerts(counsellor));
        }
    }

    @Test
    void theOrganisationCountsAnAlertSeenByTwoCounsellorsOnce() {
        UUID raising = UUID.randomUUID(), colleague = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        s.ended(raising, client, 1);
        s.ended(colleague, client, 2);
        s.sessionEvents.forEach(Scenario.Event::send);
        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(1, view(colleague, "30d").get("sessionsEnded")));
        Map<String, Object> before = summary("30d");

        Scenario.SafetyAlertLife alert = s.safetyAlert(raising, client, s.now.minus(2, ChronoUnit.HOURS));
        alert.raised().send();
        alert.escalated(Duration.ofMinutes(60)).send();
        for (UUID counsellor : List.of(raising, colleague)) {
            awaitSafety(counsellor, 1, 1, null);
        }

        Map<String, Object> after = summary("30d");
        assertEquals(number(before, "safetyAlerts") + 1, number(after, "safetyAlerts"), after.toString());
        assertEquals(number(before, "safetyEscalations") + 1, number(after, "safetyEscalations"), after.toString());
    }

    @Test
    void anEscalationCountsInTheWindowsItHappenedIn() {
        UUID counsellor = UUID.randomUUID();
        Scenario.SafetyAlertLife longAgo = s.safetyAlert(counsellor, UUID.randomUUID(), s.daysAgo(40, 0));
        Scenario.SafetyAlertLife today = s.safetyAlert(counsellor, UUID.randomUUID(), s.now.minus(3, ChronoUnit.HOURS));
        longAgo.raised().send();
        longAgo.escalated(Duration.ofMinutes(60)).send();
        today.raised().send();
        today.escalated(Duration.ofMinutes(60)).send();

        // Escalated alerts stay OPEN: both unresolved in every window.
        awaitSafety(counsellor, "30d", 2, 1, null);
        assertSafety(counsellor, "90d", 2, 2, null);
        assertSafety(counsellor, "all", 2, 2, null);
        List<Map<String, Object>> listed = alerts(counsellor);
        assertEquals(2, listed.size());
        // Newest first.
        assertEquals(today.alertId.toString(), listed.get(0).get("alertId"));
        assertEquals("OPEN", listed.get(0).get("status"));
        assertEquals(today.raisedAt.plus(Duration.ofMinutes(60)), Instant.parse((String) listed.get(0).get("escalatedAt")));
    }

    @Test
    void statesArrivingOutOfOrderEndInTheStateOfTheirOrder() {
        UUID inOrder = UUID.randomUUID(), reversed = UUID.randomUUID();
        Instant raisedAt = s.now.minus(5, ChronoUnit.HOURS);
        for (UUID counsellor : List.of(inOrder, reversed)) {
            Scenario.SafetyAlertLife alert = s.safetyAlert(counsellor, UUID.randomUUID(), raisedAt);
            List<Scenario.Event> life = List.of(alert.raised(), alert.escalated(Duration.ofMinutes(60)),
                    alert.acknowledged(Duration.ofMinutes(75)), alert.resolved(Duration.ofMinutes(90)));
            if (counsellor.equals(inOrder)) {
                life.forEach(Scenario.Event::send);
            } else {
                for (int i = life.size() - 1; i >= 0; i--) {
                    life.get(i).send();
                }
            }
            // One partition per counsellor: once this one is applied, so are the four before it.
            s.safetyAlert(counsellor, UUID.randomUUID(), s.now.minus(1, ChronoUnit.HOURS)).raised().send();
        }
        for (UUID counsellor : List.of(inOrder, reversed)) {
            awaitSafety(counsellor, 1, 1, "75.00");
        }
        // The resolved alert, heard of first, was not reopened by its raising heard of last.
        assertEquals(1, alerts(reversed).size());
        for (String window : WINDOWS) {
            assertEquals(safety(view(inOrder, window)), safety(view(reversed, window)), window);
        }
    }

    @Test
    void anEventDeliveredAgainUnderTheSameIdCountsOnce() {
        UUID counsellor = UUID.randomUUID();
        Scenario.SafetyAlertLife first = s.safetyAlert(counsellor, UUID.randomUUID(), s.now.minus(2, ChronoUnit.HOURS));
        Scenario.Event raised = first.raised();
        raised.send();
        raised.send();
        // Another alert's event under an id already processed is taken for a redelivery and skipped:
        // the consumer recognises events by ce_id, not by what they say.
        Scenario.Event other = s.safetyAlert(counsellor, UUID.randomUUID(), s.now.minus(1, ChronoUnit.HOURS)).raised();
        new Scenario.Event(other.topic(), other.counsellor(), raised.id(), other.type(), other.subject(), other.data()).send();
        Scenario.SafetyAlertLife last = s.safetyAlert(counsellor, UUID.randomUUID(), s.now.minus(30, ChronoUnit.MINUTES));
        last.raised().send();

        await().atMost(DEADLINE).untilAsserted(() -> assertEquals(List.of(last.alertId.toString(), first.alertId.toString()),
                alerts(counsellor).stream().map(alert -> alert.get("alertId")).toList()));
        assertSafety(counsellor, "30d", 2, 0, null);
    }

    @Test
    void otherAlertsOnTheTopicAreSkippedAndAnUnreadableSafetyEventIsDeadLettered() {
        UUID counsellor = UUID.randomUUID();
        UUID rupture = UUID.randomUUID(), formSafety = UUID.randomUUID(), poison = UUID.randomUUID();
        try (TopicReader dlq = TopicReader.fromNow(SafetyAlertsConsumer.DEAD_LETTER_TOPIC)) {
            // analytics' own rupture alert, as its outbox publishes it
            TestKafka.send(Alerts.TOPIC, counsellor.toString(), """
                    {"counsellorId":"%s","clientRef":"%s","instrumentId":"srs","feedbackId":"%s",
                     "scores":{"total":30,"normalized":75.00,"scoreBefore":null},"causes":["BELOW_CUTOFF"],"raisedAt":"%s"}"""
                            .formatted(counsellor, Scenario.ref(UUID.randomUUID()), rupture, s.now),
                    Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", Alerts.RUPTURE, "ce_specversion", "1.0",
                            "ce_source", "analytics-service", "ce_subject", rupture.toString()));
            // the safety alert analytics raised from a flagged form before feedback-service owned them
            TestKafka.send(Alerts.TOPIC, counsellor.toString(), """
                    {"counsellorId":"%s","clientRef":"%s","instrumentId":"phq-9","feedbackId":"%s",
                     "scores":{"total":15,"normalized":44.44,"scoreBefore":null},"causes":["SAFETY_ITEM"],"raisedAt":"%s"}"""
                            .formatted(counsellor, Scenario.ref(UUID.randomUUID()), formSafety, s.now),
                    Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", "rapport.alert.safety.v1", "ce_specversion", "1.0",
                            "ce_source", "analytics-service", "ce_subject", formSafety.toString()));
            Map<String, String> poisonHeaders = Map.of("ce_id", poison.toString(), "ce_type", "rapport.alert.safety.raised.v1",
                    "ce_specversion", "1.0", "ce_source", "test", "ce_subject", poison.toString(), "ce_time", s.now.toString());
            TestKafka.sendRaw(Alerts.TOPIC, counsellor.toString(), "{not json", poisonHeaders);
            s.safetyAlert(counsellor, UUID.randomUUID(), s.now.minus(1, ChronoUnit.HOURS)).raised().send();

            ConsumerRecord<String, String> dead = dlq.await(TopicReader.subject(poison), DEADLINE);
            assertEquals("{not json", dead.value());
            assertEquals(counsellor.toString(), dead.key());
            assertNotNull(TopicReader.header(dead, "dead-letter-reason"));
            assertEquals(TestTopics.name(Alerts.TOPIC), TopicReader.header(dead, "dead-letter-topic"));
            // Key, value and every ce_* header as they came: the record can be inspected and replayed as it was.
            Map<String, String> kept = new java.util.TreeMap<>(TopicReader.headers(dead));
            kept.keySet().removeIf(name -> !name.startsWith("ce_"));
            assertEquals(new java.util.TreeMap<>(poisonHeaders), kept);
            // The record after the poison is applied.
            awaitSafety(counsellor, 1, 0, null);
            // Dead letters are acknowledged before their batch commits: had the other alerts been poison,
            // they would be on the topic by now, so reading it to its end finds them.
            assertEquals(List.of(), dlq.readToEnd(DEADLINE).stream()
                    .filter(TopicReader.subject(rupture).or(TopicReader.subject(formSafety))).toList());
        }
        assertEquals(1, alerts(counsellor).size());
    }

    private static long number(Map<String, Object> view, String figure) {
        return ((Number) view.get(figure)).longValue();
    }

    private void awaitSafety(UUID counsellor, long alerts, long escalations, String minutes) {
        awaitSafety(counsellor, "30d", alerts, escalations, minutes);
    }

    private void awaitSafety(UUID counsellor, String window, long alerts, long escalations, String minutes) {
        await().atMost(DEADLINE).untilAsserted(() -> assertSafety(counsellor, window, alerts, escalations, minutes));
    }

    private static void assertSafety(UUID counsellor, long alerts, long escalations, String minutes) {
        assertSafety(counsellor, "30d", alerts, escalations, minutes);
    }

    private static void assertSafety(UUID counsellor, String window, long alerts, long escalations, String minutes) {
        assertEquals(List.of(String.valueOf(alerts), String.valueOf(escalations), String.valueOf(minutes)),
                safety(view(counsellor, window)), counsellor + " " + window);
    }

    private static List<String> safety(Map<String, Object> view) {
        return List.of(String.valueOf(view.get("safetyAlerts")), String.valueOf(view.get("safetyEscalations")),
                String.valueOf(view.get("safetyMinutesToAcknowledge")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> windows(ConsumerRecord<String, String> record) {
        return (Map<String, Map<String, Object>>) read(record.value()).get("windows");
    }
}
