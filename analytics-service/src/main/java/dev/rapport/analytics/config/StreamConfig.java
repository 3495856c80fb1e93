package dev.rapport.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The counsellor views' event streams ({@code GET /api/metrics/counsellors/{id}/stream}). */
@ConfigMapping(prefix = "rapport.analytics.stream")
public interface StreamConfig {

    /**
     * Open streams per caller (token subject) on one instance; one more is a 429. A counsellor
     * has a tab or two open; a supervisor watching several counsellors needs one per counsellor.
     */
    @WithDefault("10")
    int maxPerUser();

    /**
     * Views one stream may hold that its reader has not taken yet. A reader that falls further
     * behind is dropped (its connection reset; it reconnects and gets the current view), so a
     * stalled reader costs at most this many views, not memory without end.
     */
    @WithDefault("16")
    int buffer();

    /** Seconds a refused caller is asked to wait ({@code Retry-After} of the 429). */
    @WithDefault("5")
    int retryAfterSeconds();
}
