package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Objects;

/** The words printed under one answer value, e.g. 0 = "Not at all". */
public record AnswerLabel(BigDecimal value, String label) {

    public AnswerLabel {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(label, "label");
    }
}
