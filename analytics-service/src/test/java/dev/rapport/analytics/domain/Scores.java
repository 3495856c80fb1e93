package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Fixtures: forms on day n of a made-up course of therapy, with totals and normalised scores written out. */
final class Scores {

    static final Instant DAY_0 = Instant.parse("2025-03-03T09:00:00Z");

    private Scores() {}

    /** {@code day} may have decimals: "0.5" is twelve hours after day 0. */
    static Instant day(String day) {
        long seconds = new BigDecimal(day).multiply(BigDecimal.valueOf(86_400)).longValueExact();
        return DAY_0.plus(Duration.ofSeconds(seconds));
    }

    static Instant day(int day) {
        return DAY_0.plus(Duration.ofDays(day));
    }

    static FeedbackScore score(int day, String total, String normalized) {
        return new FeedbackScore(UUID.randomUUID(), day(day), new BigDecimal(total), new BigDecimal(normalized));
    }

    static FeedbackScore score(Instant at, String total, String normalized) {
        return new FeedbackScore(UUID.randomUUID(), at, new BigDecimal(total), new BigDecimal(normalized));
    }

    /** A form that meets its instrument's concern rule (feedback-service's judgement on the event). */
    static FeedbackScore concern(int day, String total, String normalized) {
        return new FeedbackScore(UUID.randomUUID(), day(day), new BigDecimal(total), new BigDecimal(normalized), true, null);
    }

    /** An outcome form carrying its instrument's rules as rapport.feedback.submitted.v2 does (domain.md's values). */
    static FeedbackScore outcome(String instrument, int day, String total, String normalized) {
        return new FeedbackScore(UUID.randomUUID(), day(day), new BigDecimal(total), new BigDecimal(normalized), false,
                rules(instrument));
    }

    static InstrumentRules rules(String instrument) {
        return switch (instrument) {
            case "phq-9" -> new InstrumentRules(new Caseness("atLeast", new BigDecimal("10")), ReliableChangeRule.decreaseOf("6"));
            case "gad-7" -> new InstrumentRules(new Caseness("atLeast", new BigDecimal("8")), ReliableChangeRule.decreaseOf("4"));
            case "ors" -> new InstrumentRules(new Caseness("lessThan", new BigDecimal("25")), ReliableChangeRule.increaseOf("5"));
            default -> InstrumentRules.NONE;
        };
    }

    static List<BigDecimal> decimals(String spaceSeparated) {
        return Arrays.stream(spaceSeparated.trim().split("\\s+")).map(BigDecimal::new).toList();
    }

    /** Equal as numbers and written with two decimals, as a published figure is; null means null. */
    static void assertFigure(String expected, BigDecimal actual) {
        if (expected == null) {
            assertNull(actual);
            return;
        }
        assertEquals(new BigDecimal(expected), actual);
    }
}
