package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * @param sum        the sum of the subscale's items (WAI-SR: 4–20)
 * @param normalized 0–100, two decimals, 100 at the good end
 */
public record SubscaleScore(BigDecimal sum, BigDecimal normalized) {

    public SubscaleScore {
        Objects.requireNonNull(sum, "sum");
        Objects.requireNonNull(normalized, "normalized");
    }
}
