package dev.rapport.analytics.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * COMPATIBILITY PATH, for rapport.feedback.submitted.v1 only: v1 events do not carry their
 * instrument's thresholds, so a v1 form gets the values the bundled definitions had when v1 was
 * the written version (feedback-service's instruments/*.json; domain.md). Everything v2 carries
 * comes from the event. Delete this class once no topic a rebuild reads holds a v1 record.
 *
 * <p>Concern: v1 carried srs's two concern flags already (BELOW_CUTOFF: total &lt; 36,
 * ITEM_BELOW_9: an item &lt; 9), so a v1 srs form is of concern when it has either. An
 * organisation's own instrument under v1 gets no thresholds (not of concern, not judged).
 */
final class V1Thresholds {

    private static final Map<String, List<String>> CONCERN_FLAGS = Map.of("srs", List.of("BELOW_CUTOFF", "ITEM_BELOW_9"));

    private static final Map<String, FeedbackSubmitted.Thresholds> OUTCOMES = Map.of(
            "phq-9", thresholds("atLeast", "10", "decrease", "6"),
            "gad-7", thresholds("atLeast", "8", "decrease", "4"),
            "ors", thresholds("lessThan", "25", "increase", "5"));

    private V1Thresholds() {}

    static FeedbackSubmitted complete(FeedbackSubmitted v1) {
        boolean concern = CONCERN_FLAGS.getOrDefault(v1.instrumentId(), List.of()).stream().anyMatch(v1.flags()::contains);
        return v1.with(concern, OUTCOMES.get(v1.instrumentId()));
    }

    private static FeedbackSubmitted.Thresholds thresholds(String comparison, String caseness, String improvement, String points) {
        return new FeedbackSubmitted.Thresholds(new FeedbackSubmitted.CasenessRule(comparison, new BigDecimal(caseness)),
                new FeedbackSubmitted.ReliableChange(improvement, new BigDecimal(points)));
    }
}
