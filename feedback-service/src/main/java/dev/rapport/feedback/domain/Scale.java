package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The answers every item of an instrument accepts.
 *
 * @param step          1 for whole numbers, 0.1 for one decimal (SRS and ORS are marks on a 10 cm line)
 * @param notApplicable whether an item may be answered with null ("does not apply", CARE)
 * @param labels        the words for answer values, possibly empty
 */
public record Scale(BigDecimal min, BigDecimal max, BigDecimal step, boolean notApplicable,
                    List<AnswerLabel> labels) {

    public static final BigDecimal INTEGER_STEP = BigDecimal.ONE;
    public static final BigDecimal ONE_DECIMAL_STEP = new BigDecimal("0.1");

    public Scale {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(step, "step");
        labels = List.copyOf(labels);
    }

    /** Number of decimals an answer may carry: 0 or 1. */
    public int decimals() {
        return Math.max(0, step.stripTrailingZeros().scale());
    }
}
