package dev.rapport.analytics.messaging;

import dev.rapport.analytics.events.Alerts;
import dev.rapport.analytics.events.SafetyAlertChanged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.analytics.domain.SafetyAlert;
import dev.rapport.analytics.domain.SafetyStatus;
import dev.rapport.analytics.service.SafetyAlertRecorder;
import dev.rapport.platform.messaging.IncomingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading feedback-service's safety alert events: what is poison, what is skipped, what is read. */
class SafetyAlertChangedTest {

    private static final UUID ALERT = UUID.randomUUID();
    private static final UUID FEEDBACK = UUID.randomUUID();
    private static final UUID COUNSELLOR = UUID.randomUUID();
    private static final String CLIENT_REF = "0123456789abcdef0123456789abcdef";

    /** The acknowledged event as feedback-service writes it, with a field analytics does not know. */
    private static final String ACKNOWLEDGED = """
            {"alertId":"%s","status":"ACKNOWLEDGED","feedbackId":"%s","sessionId":"%s","counsellorId":"%s",
             "clientRef":"%s","instrumentId":"phq-9","item":"9","raisedAt":"2026-12-01T10:00:00Z",
             "acknowledgedAt":"2026-12-01T10:30:00.123456Z","escalatedAt":null,"resolvedAt":null,
             "occurredAt":"2026-12-01T10:30:00.123456Z","addedLater":{"x":1}}
            """.formatted(ALERT, FEEDBACK, UUID.randomUUID(), COUNSELLOR, CLIENT_REF);

    @Test
    void anEventIsReadToleratingFieldsAnalyticsDoesNotKnow() {
        SafetyAlert alert = SafetyAlertChanged.of(event("rapport.alert.safety.acknowledged.v1", ACKNOWLEDGED)).alert();
        assertEquals(new SafetyAlert(ALERT, FEEDBACK, COUNSELLOR, CLIENT_REF, "phq-9", SafetyStatus.ACKNOWLEDGED,
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:30:00.123456Z"), null, null), alert);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rapport.alert.safety.raised.v1", "rapport.alert.safety.acknowledged.v1",
            "rapport.alert.safety.escalated.v1", "rapport.alert.safety.resolved.v1"})
    void everyTypeOfTheLifecycleIsASafetyAlertEvent(String type) {
        assertTrue(SafetyAlertChanged.isSafetyAlert(type));
        assertEquals(ALERT, SafetyAlertChanged.of(event(type, ACKNOWLEDGED)).alertId());
    }

    @Test
    void analyticsOwnAlertsAreNotSafetyAlertEventsAndAreSkippedUnread() {
        assertFalse(SafetyAlertChanged.isSafetyAlert(Alerts.RUPTURE));
        assertFalse(SafetyAlertChanged.isSafetyAlert("rapport.alert.deterioration.v1"));
        // analytics' own alert from a flagged form, before feedback-service owned safety alerts
        assertFalse(SafetyAlertChanged.isSafetyAlert("rapport.alert.safety.v1"));
        assertTrue(SafetyAlertRecorder.Delivery.read(record("rapport.alert.safety.v1", "{\"causes\":[\"SAFETY_ITEM\"]}")).isEmpty());
        // Not even its data is read: a rupture alert is no poison for this consumer, whatever it holds.
        assertTrue(SafetyAlertRecorder.Delivery.read(record(Alerts.RUPTURE, "{not json")).isEmpty());
        assertTrue(SafetyAlertRecorder.Delivery.read(record("rapport.alert.safety.raised.v1", ACKNOWLEDGED)).isPresent());
    }

    @Test
    void aSafetyAlertTypeThisReaderDoesNotKnowIsPoisonNotSkipped() {
        IncomingEvent.PoisonEventException poison = assertThrows(IncomingEvent.PoisonEventException.class,
                () -> SafetyAlertChanged.of(event("rapport.alert.safety.raised.v2", ACKNOWLEDGED)));
        assertTrue(poison.getMessage().contains("unknown event type"), poison.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{not json",
            "null",
            // no alert id
            "{\"status\":\"OPEN\"}",
            // a status of no lifecycle analytics knows
            "{\"alertId\":\"%1$s\",\"status\":\"DISMISSED\",\"feedbackId\":\"%1$s\",\"counsellorId\":\"%1$s\",\"clientRef\":\"ab\",\"instrumentId\":\"phq-9\",\"raisedAt\":\"2026-12-01T10:00:00Z\"}",
            // no raisedAt
            "{\"alertId\":\"%1$s\",\"status\":\"OPEN\",\"feedbackId\":\"%1$s\",\"counsellorId\":\"%1$s\",\"clientRef\":\"ab\",\"instrumentId\":\"phq-9\"}",
            // an instrument id longer than any analytics stores
            "{\"alertId\":\"%1$s\",\"status\":\"OPEN\",\"feedbackId\":\"%1$s\",\"counsellorId\":\"%1$s\",\"clientRef\":\"ab\",\"instrumentId\":\"%2$s\",\"raisedAt\":\"2026-12-01T10:00:00Z\"}",
            // a blank client reference
            "{\"alertId\":\"%1$s\",\"status\":\"OPEN\",\"feedbackId\":\"%1$s\",\"counsellorId\":\"%1$s\",\"clientRef\":\" \",\"instrumentId\":\"phq-9\",\"raisedAt\":\"2026-12-01T10:00:00Z\"}",
    })
    void anEventWithoutWhatAnalyticsReliesOnIsPoisonAndItsReasonHoldsNoData(String data) {
        IncomingEvent.PoisonEventException poison = assertThrows(IncomingEvent.PoisonEventException.class,
                () -> SafetyAlertRecorder.Delivery.read(record("rapport.alert.safety.raised.v1", data.formatted(ALERT, "x".repeat(101)))));
        assertFalse(poison.getMessage().contains(ALERT.toString()), poison.getMessage());
    }

    @Test
    void aRecordThatIsNoCloudEventIsPoison() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("alerts", 0, 0, COUNSELLOR.toString(), ACKNOWLEDGED);
        assertThrows(IncomingEvent.PoisonEventException.class, () -> SafetyAlertRecorder.Delivery.read(record));
    }

    @Test
    void anOpenAlertHasNoAcknowledgementYet() {
        String raised = ACKNOWLEDGED.replace("\"ACKNOWLEDGED\"", "\"OPEN\"").replace("\"acknowledgedAt\":\"2026-12-01T10:30:00.123456Z\"",
                "\"acknowledgedAt\":null");
        SafetyAlertChanged change = SafetyAlertChanged.of(event("rapport.alert.safety.raised.v1", raised));
        assertEquals(SafetyStatus.OPEN, change.status());
        assertNull(change.acknowledgedAt());
    }

    private static IncomingEvent event(String type, String data) {
        return new IncomingEvent(UUID.randomUUID(), type, ALERT.toString(), data);
    }

    private static ConsumerRecord<String, String> record(String type, String data) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("alerts", 0, 0, COUNSELLOR.toString(), data);
        record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_subject", ALERT.toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
