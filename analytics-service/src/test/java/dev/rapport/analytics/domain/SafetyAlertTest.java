package dev.rapport.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SafetyAlertTest {

    private static final UUID ALERT = UUID.randomUUID();
    private static final UUID FEEDBACK = UUID.randomUUID();
    private static final UUID COUNSELLOR = UUID.randomUUID();
    private static final Instant RAISED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant ESCALATED = Instant.parse("2026-12-01T11:00:00Z");
    private static final Instant ACKNOWLEDGED = Instant.parse("2026-12-01T11:20:00Z");
    private static final Instant RESOLVED = Instant.parse("2026-12-01T12:05:00Z");

    // The four states feedback-service announces for one alert, each its whole state at the time.
    private static final SafetyAlert RAISED_STATE = state(SafetyStatus.OPEN, null, null, null);
    private static final SafetyAlert ESCALATED_STATE = state(SafetyStatus.OPEN, null, ESCALATED, null);
    private static final SafetyAlert ACKNOWLEDGED_STATE = state(SafetyStatus.ACKNOWLEDGED, ACKNOWLEDGED, ESCALATED, null);
    private static final SafetyAlert RESOLVED_STATE = state(SafetyStatus.RESOLVED, ACKNOWLEDGED, ESCALATED, RESOLVED);

    private static SafetyAlert state(SafetyStatus status, Instant acknowledged, Instant escalated, Instant resolved) {
        return new SafetyAlert(ALERT, FEEDBACK, COUNSELLOR, "ab".repeat(16), "phq-9", status, RAISED, acknowledged, escalated, resolved);
    }

    @Test
    void everyOrderOfTheFourStatesEndsInTheResolvedState() {
        List<List<SafetyAlert>> orders = permutations(List.of(RAISED_STATE, ESCALATED_STATE, ACKNOWLEDGED_STATE, RESOLVED_STATE));
        assertEquals(24, orders.size());
        for (List<SafetyAlert> order : orders) {
            SafetyAlert merged = order.stream().reduce(SafetyAlert::merge).orElseThrow();
            assertEquals(RESOLVED_STATE, merged, order.toString());
        }
    }

    @Test
    void theStatusNeverMovesBackAndAnInstantOnceHeardOfStays() {
        // The resolved state first, then the raising redelivered: still resolved, nothing forgotten.
        assertEquals(RESOLVED_STATE, RESOLVED_STATE.merge(RAISED_STATE));
        // Escalated (OPEN, escalatedAt) after acknowledged (ACKNOWLEDGED, no escalation heard of yet in
        // this made-up state): acknowledged, and escalated.
        SafetyAlert acknowledgedOnly = state(SafetyStatus.ACKNOWLEDGED, ACKNOWLEDGED, null, null);
        assertEquals(ACKNOWLEDGED_STATE, acknowledgedOnly.merge(ESCALATED_STATE));
        assertEquals(ACKNOWLEDGED_STATE, ESCALATED_STATE.merge(acknowledgedOnly));
    }

    @Test
    void ofTwoDifferentInstantsTheEarlierIsKeptWhicheverComesFirst() {
        Instant later = ACKNOWLEDGED.plusSeconds(5);
        SafetyAlert other = state(SafetyStatus.ACKNOWLEDGED, later, null, null);
        SafetyAlert first = state(SafetyStatus.ACKNOWLEDGED, ACKNOWLEDGED, null, null);
        assertEquals(ACKNOWLEDGED, first.merge(other).acknowledgedAt());
        assertEquals(ACKNOWLEDGED, other.merge(first).acknowledgedAt());
    }

    @Test
    void statesOfTwoAlertsDoNotMerge() {
        SafetyAlert another = new SafetyAlert(UUID.randomUUID(), FEEDBACK, COUNSELLOR, "ab".repeat(16), "phq-9", SafetyStatus.OPEN,
                RAISED, null, null, null);
        assertThrows(IllegalArgumentException.class, () -> RAISED_STATE.merge(another));
    }

    @Test
    void aBatchChangesOnlyTheAlertsItTellsSomethingNewAbout() {
        SafetyAlert unchanged = new SafetyAlert(UUID.randomUUID(), UUID.randomUUID(), COUNSELLOR, "cd".repeat(16), "phq-9",
                SafetyStatus.ACKNOWLEDGED, RAISED, ACKNOWLEDGED, null, null);
        SafetyAlert fresh = new SafetyAlert(UUID.randomUUID(), UUID.randomUUID(), COUNSELLOR, "ef".repeat(16), "phq-9",
                SafetyStatus.OPEN, RAISED, null, null, null);
        Map<UUID, SafetyAlert> stored = Map.of(ALERT, ACKNOWLEDGED_STATE, unchanged.alertId(), unchanged);

        // ALERT: the raising redelivered, then resolved; unchanged: its raising redelivered (older
        // than what is stored); fresh: not stored yet.
        Map<UUID, SafetyAlert> changed = SafetyAlert.apply(stored,
                List.of(RAISED_STATE, state(SafetyStatus.OPEN, null, null, null), fresh,
                        new SafetyAlert(unchanged.alertId(), unchanged.feedbackId(), COUNSELLOR, "cd".repeat(16), "phq-9",
                                SafetyStatus.OPEN, RAISED, null, null, null),
                        RESOLVED_STATE));

        assertEquals(List.of(ALERT, fresh.alertId()), List.copyOf(changed.keySet()));
        assertEquals(RESOLVED_STATE, changed.get(ALERT));
        assertEquals(fresh, changed.get(fresh.alertId()));
        assertEquals(Map.of(), SafetyAlert.apply(stored, List.of(RAISED_STATE, ESCALATED_STATE)));
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                result.add(order);
            }
        }
        return result;
    }
}
