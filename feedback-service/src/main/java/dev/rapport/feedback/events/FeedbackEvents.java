package dev.rapport.feedback.events;

import dev.rapport.feedback.domain.Cutoff;
import dev.rapport.feedback.domain.InstrumentDefinition;
import dev.rapport.feedback.domain.ScoredForm;
import dev.rapport.feedback.domain.SubscaleScore;
import dev.rapport.platform.outbox.OutgoingEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The contract of feedback-events. */
public final class FeedbackEvents {

    public static final String TOPIC = "feedback-events";
    /**
     * v2 adds the instrument's own thresholds ({@link Thresholds}) and whether the form meets its
     * concern rule, so that analytics keeps no copy of them (domain.md: one place, the
     * instrument definition). v1 (the same fields without those two) is no longer written.
     */
    public static final String SUBMITTED = "rapport.feedback.submitted.v2";

    private FeedbackEvents() {}

    /**
     * rapport.feedback.submitted.v2: scores and flags only. The client appears as a pseudonymous
     * reference, the comment only as {@code hasComment}, the answers not at all (so whether an
     * item was below the concern rule's value travels as {@code concern}).
     *
     * @param concern    the form meets its instrument's concern rule (SRS: total &lt; 36 or any item
     *                   &lt; 9); false for an instrument without one
     * @param thresholds the instrument's thresholds as its definition says when the form was scored
     */
    public record Submitted(
            UUID feedbackId,
            UUID sessionId,
            UUID counsellorId,
            String clientRef,
            String instrumentId,
            String instrumentVersion,
            String construct,
            BigDecimal total,
            Map<String, SubscaleScore> subscales,
            BigDecimal normalized,
            boolean scorable,
            List<String> flags,
            String band,
            boolean concern,
            Thresholds thresholds,
            boolean hasComment,
            Instant sessionEndedAt,
            Instant submittedAt) {}

    /** A submitted form on feedback-events: keyed by the session's counsellor; the subject is the feedback. */
    public static OutgoingEvent submitted(Submitted data) {
        return new OutgoingEvent(TOPIC, SUBMITTED, data.counsellorId().toString(), data.feedbackId().toString(), data,
                data.submittedAt());
    }

    /**
     * An instrument's thresholds from its definition.
     *
     * @param concern        the cut-offs that make a form of concern (empty: none)
     * @param caseness       when a total is a case (outcome instruments), or null
     * @param reliableChange the reliable-change rule on raw totals (outcome instruments), or null
     */
    public record Thresholds(List<ConcernCutoff> concern, CasenessRule caseness, ReliableChange reliableChange) {

        public static Thresholds of(InstrumentDefinition instrument) {
            return new Thresholds(
                    instrument.concernRule().stream().map(ConcernCutoff::of).toList(),
                    instrument.caseness() == null ? null
                            : new CasenessRule(instrument.caseness().comparison().jsonName(), instrument.caseness().value()),
                    instrument.reliableChange() == null ? null
                            : new ReliableChange(instrument.reliableChange().improvement().jsonName(),
                                    instrument.reliableChange().minimumChange()));
        }
    }

    /** @param of "total" or "anyItem"; comparison e.g. "lessThan" */
    public record ConcernCutoff(String flag, String of, String comparison, BigDecimal value) {
        static ConcernCutoff of(Cutoff cutoff) {
            return new ConcernCutoff(cutoff.flag(), cutoff.of().jsonName(), cutoff.comparison().jsonName(), cutoff.value());
        }
    }

    /** A total is a case when {@code total <comparison> value}, e.g. atLeast 10. */
    public record CasenessRule(String comparison, BigDecimal value) {}

    /** @param improvement "increase" or "decrease": which way the total moves when the client improves */
    public record ReliableChange(String improvement, BigDecimal points) {}

    /** Whether the scored form raised one of its instrument's concern flags. */
    public static boolean concern(InstrumentDefinition instrument, ScoredForm scored) {
        return instrument.concernRule().stream().anyMatch(cutoff -> scored.flags().contains(cutoff.flag()));
    }
}
