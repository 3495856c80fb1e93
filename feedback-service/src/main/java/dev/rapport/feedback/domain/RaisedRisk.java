package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A risk item that a form's answer raised: which item, the answer, and the flag it carries.
 * {@link RiskItem#SAFETY_FLAG} marks a possible risk to life (PHQ-9 item 9 above 0), which opens a
 * safety alert.
 */
public record RaisedRisk(String item, BigDecimal answer, String flag) {

    public RaisedRisk {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(flag, "flag");
    }

    public boolean isSafety() {
        return RiskItem.SAFETY_FLAG.equals(flag);
    }
}
