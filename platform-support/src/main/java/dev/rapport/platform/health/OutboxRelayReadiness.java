package dev.rapport.platform.health;

import dev.rapport.platform.outbox.OutboxConfig;
import dev.rapport.platform.outbox.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The outbox relay is alive: a pass (claim, send, mark; or find nothing; or fail and back off)
 * has ended within {@link OutboxConfig#stallAfter()}. An idle relay ends a pass every second and
 * a failing one at least every {@code max-backoff}, so a longer silence means a pass that hangs:
 * events would pile up unseen. A broker outage is the broker check's to report, not this one's.
 */
@Readiness
@ApplicationScoped
public class OutboxRelayReadiness implements HealthCheck {

    private final OutboxRelay relay;
    private final OutboxConfig config;

    public OutboxRelayReadiness(OutboxRelay relay, OutboxConfig config) {
        this.relay = relay;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return check(relay.enabled(), relay.lastPassEnded(), Instant.now(), config.stallAfter(), relay.lastFailure(), relay.backlog());
    }

    static HealthCheckResponse check(boolean enabled, Instant lastPassEnded, Instant now, Duration stallAfter, String lastFailure, long backlog) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Outbox relay");
        if (!enabled) {
            return response.up().withData("relay", "disabled").build();
        }
        Duration silent = Duration.between(lastPassEnded, now);
        response.withData("lastPassEnded", lastPassEnded.toString()).withData("backlog", backlog);
        if (lastFailure != null) {
            response.withData("lastFailure", lastFailure);
        }
        if (silent.compareTo(stallAfter) > 0) {
            return response.down().withData("reason", "no pass of the relay ended for " + silent.toSeconds() + " s").build();
        }
        return response.up().build();
    }
}
