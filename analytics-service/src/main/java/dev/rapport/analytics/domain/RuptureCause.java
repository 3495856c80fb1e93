package dev.rapport.analytics.domain;

/** Why a feedback is of concern; a feedback can have both causes. */
public enum RuptureCause {
    /**
     * It meets its instrument's concern rule (srs: total &lt; 36 or any item &lt; 9). The name is
     * older than the item rule; it stays because rapport.alert.rupture.v1 publishes it.
     */
    BELOW_CUTOFF,
    /** At least the configured drop below the client's previous score on the instrument. */
    DROP
}
