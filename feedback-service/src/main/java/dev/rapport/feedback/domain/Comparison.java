package dev.rapport.feedback.domain;

import java.math.BigDecimal;

/** The test of a cut-off or a risk item against its threshold; strict and inclusive forms both exist in practice. */
public enum Comparison {
    LESS_THAN("lessThan"),
    AT_MOST("atMost"),
    GREATER_THAN("greaterThan"),
    AT_LEAST("atLeast");

    private final String jsonName;

    Comparison(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public boolean holds(BigDecimal value, BigDecimal threshold) {
        return holdsForSign(value.compareTo(threshold));
    }

    /** For callers that compare exact fractions themselves: {@code sign} is compare(value, threshold). */
    boolean holdsForSign(int sign) {
        return switch (this) {
            case LESS_THAN -> sign < 0;
            case AT_MOST -> sign <= 0;
            case GREATER_THAN -> sign > 0;
            case AT_LEAST -> sign >= 0;
        };
    }
}
