package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.List;

/** Pearson's correlation coefficient, computed from exact sums. */
public final class Pearson {

    private Pearson() {}

    /**
     * r of the pairs (x[i], y[i]), two decimals half-up; null with fewer than {@code minPairs}
     * pairs or when x or y does not vary (r is undefined then, not 0).
     */
    public static BigDecimal r(List<BigDecimal> x, List<BigDecimal> y, int minPairs) {
        if (x.size() != y.size()) {
            throw new IllegalArgumentException("x has " + x.size() + " values, y " + y.size());
        }
        int pairs = x.size();
        if (pairs < Math.max(2, minPairs)) {
            return null;
        }
        BigDecimal sumX = BigDecimal.ZERO;
        BigDecimal sumY = BigDecimal.ZERO;
        BigDecimal sumXX = BigDecimal.ZERO;
        BigDecimal sumYY = BigDecimal.ZERO;
        BigDecimal sumXY = BigDecimal.ZERO;
        for (int i = 0; i < pairs; i++) {
            BigDecimal xi = x.get(i);
            BigDecimal yi = y.get(i);
            sumX = sumX.add(xi);
            sumY = sumY.add(yi);
            sumXX = sumXX.add(xi.multiply(xi));
            sumYY = sumYY.add(yi.multiply(yi));
            sumXY = sumXY.add(xi.multiply(yi));
        }
        BigDecimal n = BigDecimal.valueOf(pairs);
        // n² times the (co)variances: exact, so "does not vary" is an exact zero.
        BigDecimal spreadX = n.multiply(sumXX).subtract(sumX.multiply(sumX));
        BigDecimal spreadY = n.multiply(sumYY).subtract(sumY.multiply(sumY));
        if (spreadX.signum() <= 0 || spreadY.signum() <= 0) {
            return null;
        }
        BigDecimal covariance = n.multiply(sumXY).subtract(sumX.multiply(sumY));
        BigDecimal r = covariance.divide(spreadX.multiply(spreadY).sqrt(Decimals.INTERMEDIATE), Decimals.INTERMEDIATE);
        return r.setScale(Decimals.SCALE, Decimals.ROUNDING);
    }
}
