package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's change on one outcome instrument from intake (domain.md, changed 2026-12-02): the
 * intake is their first form on it ever, the latest their last; never cut by a window.
 *
 * @param rules the instrument's caseness and reliable change: those the latest form carried (the
 *              definition in force now); a form without any (none in practice) falls back to the
 *              newest form that has them
 */
public record OutcomeChange(String instrumentId, FeedbackScore intake, FeedbackScore latest, InstrumentRules rules) {

    public OutcomeChange {
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(intake, "intake");
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(rules, "rules");
    }

    /** The change over the whole history, or empty with fewer than two forms (no change to speak of). */
    public static Optional<OutcomeChange> of(String instrumentId, List<FeedbackScore> history) {
        return history.isEmpty() ? Optional.empty() : HistoryState.outcome(instrumentId, history).change();
    }

    /** The client counts in a window for this instrument when their latest form falls in it. */
    public boolean countsSince(Instant since) {
        return !latest.submittedAt().isBefore(since);
    }

    /** latest − intake of the normalised scores; positive is better for every instrument. */
    public BigDecimal normalizedChange() {
        return latest.normalized().subtract(intake.normalized());
    }

    /** Judged on raw totals (see {@link ReliableChangeRule}); empty when the instrument has no rule. */
    public Optional<ReliableChange> reliableChange() {
        return Optional.ofNullable(rules.reliableChange()).map(rule -> rule.evaluate(intake.total(), latest.total()));
    }

    public boolean improved() {
        return reliableChange().orElse(null) == ReliableChange.IMPROVED;
    }

    public boolean deteriorated() {
        return reliableChange().orElse(null) == ReliableChange.DETERIORATED;
    }

    public boolean caseAtIntake() {
        return rules.caseness() != null && rules.caseness().isCase(intake.total());
    }

    public boolean caseAtLatest() {
        return rules.caseness() != null && rules.caseness().isCase(latest.total());
    }

    /** A case at intake that is not a case at latest. */
    public boolean recovered() {
        return caseAtIntake() && !caseAtLatest();
    }
}
