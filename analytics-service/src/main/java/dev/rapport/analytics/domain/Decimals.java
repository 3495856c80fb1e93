package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** The one rounding rule of every published figure: two decimals, half-up (domain.md). */
final class Decimals {

    static final int SCALE = 2;
    static final RoundingMode ROUNDING = RoundingMode.HALF_UP;
    /** For intermediate values that are not published (a client's mean alliance): far beyond two decimals. */
    static final MathContext INTERMEDIATE = MathContext.DECIMAL128;

    private Decimals() {}

    /** {@code part ÷ whole}, or null when there is nothing to divide by. */
    static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), SCALE, ROUNDING);
    }

    /** {@code sum ÷ count}, or null when there is nothing to average. */
    static BigDecimal mean(BigDecimal sum, long count) {
        return count == 0 ? null : sum.divide(BigDecimal.valueOf(count), SCALE, ROUNDING);
    }
}
