package dev.rapport.analytics.domain;

/** Why a feedback is a rupture; a feedback can have both causes. */
public enum RuptureCause {
    /** Below the instrument's concern cut-off (srs: total < 36). */
    BELOW_CUTOFF,
    /** At least the configured drop below the client's previous score on the instrument. */
    DROP
}
