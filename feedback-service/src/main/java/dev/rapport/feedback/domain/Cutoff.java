package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Raises {@code flag} when the total (or any answered item) passes the threshold, e.g. SRS
 * BELOW_CUTOFF when total &lt; 36.
 *
 * @param concern true when a form that raises this flag is "of concern" in domain.md's rupture
 *                rule (SRS: total &lt; 36, any item &lt; 9); a plain clinical cut-off (ORS 25) is not
 * @param note    why the threshold is what it is, for readers of the definition; may be null
 */
public record Cutoff(String flag, CutoffTarget of, Comparison comparison, BigDecimal value, boolean concern, String note) {

    public Cutoff {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(of, "of");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(value, "value");
    }
}
