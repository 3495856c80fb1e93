package dev.rapport.analytics.rebuild;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One rebuild of the analytics state from the beginning of session-events and feedback-events.
 *
 * @param state           {@code RUNNING}, {@code SWITCHED} (the rebuilt tables are live) or {@code FAILED}
 *                        (the live tables are untouched)
 * @param events          records read so far (both topics)
 * @param unreadable      records skipped as unreadable (the live consumers sent them to the dead-letter topics)
 * @param eventsPerSecond events ÷ the whole run's time, once finished
 */
@Schema(requiredProperties = {"id", "state", "startedAt", "events", "unreadable"})
public record RebuildStatus(UUID id, String state, UUID requestedBy, Instant startedAt, Instant finishedAt, long events,
                            long unreadable, BigDecimal eventsPerSecond, String detail) {

    public static final String RUNNING = "RUNNING";
    public static final String SWITCHED = "SWITCHED";
    public static final String FAILED = "FAILED";
}
