package dev.rapport.platform.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class OutboxRelayReadinessTest {

    private static final Instant NOW = Instant.parse("2026-12-03T05:00:00Z");
    private static final Duration STALL_AFTER = Duration.ofSeconds(60);

    @Test
    void aRelayWhosePassesKeepEndingIsUpEvenWhenTheyFail() {
        HealthCheckResponse response = OutboxRelayReadiness.check(true, NOW.minusSeconds(5), NOW, STALL_AFTER, "PgException SQLSTATE 57014", 12);
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals("PgException SQLSTATE 57014", response.getData().orElseThrow().get("lastFailure"));
    }

    @Test
    void aRelayWithNoPassEndedForLongerThanTheLimitIsDownWithAReason() {
        HealthCheckResponse response = OutboxRelayReadiness.check(true, NOW.minusSeconds(75), NOW, STALL_AFTER, null, 40);
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals("no pass of the relay ended for 75 s", response.getData().orElseThrow().get("reason"));
    }

    @Test
    void aDisabledRelayIsNotAReasonToBeUnready() {
        assertEquals(HealthCheckResponse.Status.UP, OutboxRelayReadiness.check(false, NOW.minusSeconds(3600), NOW, STALL_AFTER, null, 0).getStatus());
    }
}
