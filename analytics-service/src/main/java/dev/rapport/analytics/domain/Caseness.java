package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * When an outcome instrument's raw total is "a case" (in the clinical range), as the instrument's
 * definition in feedback-service says and every feedback event carries: PHQ-9 total ≥ 10, GAD-7 ≥ 8,
 * ORS &lt; 25 (domain.md). Analytics keeps no copy of the values.
 *
 * @param comparison "lessThan", "atMost", "greaterThan" or "atLeast" (the definition file's words)
 */
public record Caseness(String comparison, BigDecimal value) {

    public Caseness {
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(value, "value");
        if (!java.util.Set.of("lessThan", "atMost", "greaterThan", "atLeast").contains(comparison)) {
            throw new IllegalArgumentException("unknown comparison " + comparison);
        }
    }

    public boolean isCase(BigDecimal total) {
        int sign = total.compareTo(value);
        return switch (comparison) {
            case "lessThan" -> sign < 0;
            case "atMost" -> sign <= 0;
            case "greaterThan" -> sign > 0;
            default -> sign >= 0;
        };
    }
}
