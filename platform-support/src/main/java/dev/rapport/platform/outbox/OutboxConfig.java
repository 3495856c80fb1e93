package dev.rapport.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "rapport.outbox")
public interface OutboxConfig {

    /** Off only in tests that drive the relay themselves. */
    @WithDefault("true")
    boolean enabled();

    /** The CloudEvent source ({@code ce_source}): the service's name. */
    String source();

    /** Rows claimed and published per transaction. */
    @WithDefault("256")
    int batchSize();

    /**
     * How often an idle relay passes (one look at the index of unpublished rows): the longest an
     * event waits for an idle relay. A pass that published rows is followed by another at once.
     */
    @WithDefault("50ms")
    Duration pollInterval();

    /** How long a batch may wait for the broker's acknowledgements before it is rolled back and retried. */
    @WithDefault("15s")
    Duration sendTimeout();

    /** The longest pause between attempts while the broker is unreachable. */
    @WithDefault("5s")
    Duration maxBackoff();

    /** How long published rows are kept (for inspection) before the purge deletes them. */
    @WithDefault("P7D")
    Duration retention();

    /**
     * Attempts of a row the broker refuses for a reason of its own (too large, not authorised)
     * before it is set aside; a broker that cannot be reached is not counted.
     */
    @WithDefault("5")
    int maxAttempts();

    /** Every query of the relay is cancelled after this: a hung query must not stop it silently. */
    @WithDefault("10s")
    Duration statementTimeout();

    /** Readiness reports the relay DOWN when no pass has ended (published, found nothing, or failed) for this long. */
    @WithDefault("60s")
    Duration stallAfter();
}
