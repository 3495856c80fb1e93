package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An item whose answer alone raises {@code flag}, whatever the total and even when the form is
 * not scorable: PHQ-9 item 9 above 0 must reach the counsellor at once.
 */
public record RiskItem(String item, Comparison comparison, BigDecimal value, String flag, String note) {

    /** The flag that starts the safety pathway (an alert to the client's counsellors), not just a mark on the form. */
    public static final String SAFETY_FLAG = "SAFETY_ITEM";

    public RiskItem {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(flag, "flag");
    }

    public boolean isRaisedBy(BigDecimal answer) {
        return answer != null && comparison.holds(answer, value);
    }
}
