package dev.rapport.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Publishing counsellors' views to alliance-metrics. */
@ConfigMapping(prefix = "rapport.analytics.alliance-metrics")
public interface AllianceMetricsConfig {

    /**
     * The shortest time between two flushes: changes within it are coalesced into one view per
     * counsellor. An isolated change is published at once.
     */
    @WithDefault("50ms")
    Duration coalesce();

    /** How long a flush waits before retrying the views it could not publish (broker down). */
    @WithDefault("1s")
    Duration retryAfter();

    /** How long one view may wait for the broker's acknowledgement. */
    @WithDefault("10s")
    Duration sendTimeout();

    /**
     * Publish every counsellor's view when the service starts: a change whose view was not yet
     * published when the previous process died is published then (at least once).
     */
    @WithDefault("true")
    boolean publishAllAtStart();
}
