package dev.rapport.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The admin rebuild of the analytics state from the topics. */
@ConfigMapping(prefix = "rapport.analytics.rebuild")
public interface RebuildConfig {

    /** Records per poll and per transaction. */
    @WithDefault("1000")
    int batchSize();

    /**
     * The switch-over reads the last records while the live consumers wait; before it, the
     * rebuild catches up until at most this many records are left.
     */
    @WithDefault("2000")
    int tailAtSwitchOver();

    @WithDefault("10")
    int catchUpRounds();
}
