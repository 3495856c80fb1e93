package dev.rapport.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How {@link BatchConsumption} retries. */
@ConfigMapping(prefix = "rapport.consumption")
public interface ConsumptionConfig {

    /**
     * Attempts of one record that fails for a reason of its own (or keeps meeting contention)
     * before it goes to the dead-letter topic. An unreachable database is not counted.
     */
    @WithDefault("5")
    int maxAttempts();

    /** The first pause between attempts; it doubles up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("10s")
    Duration maxBackoff();
}
