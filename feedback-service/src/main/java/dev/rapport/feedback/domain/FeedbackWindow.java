package dev.rapport.feedback.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How long after a session's end its client may still give feedback (docs/domain.md: 14 days). The
 * window includes its last instant: a session ended at 10:00 on the 1st takes feedback up to and
 * including 10:00:00 on the 15th.
 */
public record FeedbackWindow(Duration length) {

    public Instant closesAt(Instant endedAt) {
        return endedAt.plus(length);
    }

    public boolean isOpen(Instant endedAt, Instant now) {
        return !closesAt(endedAt).isBefore(now);
    }
}
