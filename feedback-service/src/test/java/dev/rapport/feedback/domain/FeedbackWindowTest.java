package dev.rapport.feedback.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The feedback window at its exact boundary: 14 days after the end, to the second. */
class FeedbackWindowTest {

    private final FeedbackWindow window = new FeedbackWindow(Duration.ofDays(14));
    private final Instant ended = Instant.parse("2026-11-01T10:00:00Z");

    @Test
    void closesFourteenDaysAfterTheEnd() {
        assertEquals(Instant.parse("2026-11-15T10:00:00Z"), window.closesAt(ended));
    }

    @Test
    void openOneSecondBeforeAndAtTheBoundaryClosedOneSecondAfter() {
        Instant boundary = ended.plus(Duration.ofDays(14));
        assertTrue(window.isOpen(ended, boundary.minusSeconds(1)), "14 days minus one second");
        assertTrue(window.isOpen(ended, boundary), "14 days exactly");
        assertFalse(window.isOpen(ended, boundary.plusSeconds(1)), "14 days plus one second");
        assertFalse(window.isOpen(ended, boundary.plusNanos(1_000_000)), "14 days plus a millisecond");
    }

    @Test
    void openRightAfterTheEnd() {
        assertTrue(window.isOpen(ended, ended));
        assertTrue(window.isOpen(ended, ended.plusSeconds(1)));
    }
}
