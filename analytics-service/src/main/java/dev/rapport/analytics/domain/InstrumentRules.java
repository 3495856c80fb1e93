package dev.rapport.analytics.domain;

/**
 * An outcome instrument's own thresholds, as the form that carried them was scored with
 * (rapport.feedback.submitted.v2; for v1 events, messaging's compatibility table). Either may be
 * null: an instrument without a reliable-change rule is not judged for reliable change, one
 * without caseness has no cases.
 */
public record InstrumentRules(Caseness caseness, ReliableChangeRule reliableChange) {

    public static final InstrumentRules NONE = new InstrumentRules(null, null);

    public boolean isNone() {
        return caseness == null && reliableChange == null;
    }
}
