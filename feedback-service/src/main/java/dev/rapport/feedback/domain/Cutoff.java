package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Raises {@code flag} when the total (or any answered item) passes the threshold, e.g. SRS
 * BELOW_CUTOFF when total &lt; 36.
 *
 * @param note why the threshold is what it is, for readers of the definition; may be null
 */
public record Cutoff(String flag, CutoffTarget of, Comparison comparison, BigDecimal value, String note) {

    public Cutoff {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(of, "of");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(value, "value");
    }
}
