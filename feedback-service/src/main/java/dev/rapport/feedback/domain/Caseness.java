package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * When an outcome instrument's total is in the clinical range ("a case"): PHQ-9 total ≥ 10,
 * GAD-7 ≥ 8, ORS &lt; 25. Analytics' recovery rates judge intake and latest totals by it.
 *
 * @param note why the threshold is what it is, for readers of the definition; may be null
 */
public record Caseness(Comparison comparison, BigDecimal value, String note) {

    public Caseness {
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(value, "value");
    }

    public boolean isCase(BigDecimal total) {
        return comparison.holds(total, value);
    }
}
