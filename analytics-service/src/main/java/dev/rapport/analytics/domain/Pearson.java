package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Sums sums = new Sums();
        for (int i = 0; i < x.size(); i++) {
            sums.add(x.get(i), y.get(i));
        }
        return sums.r(minPairs);
    }

    /** The exact sums r is computed from, pair by pair: r of any number of pairs in constant memory. */
    public static final class Sums {

        /** The names of the sums in {@link #named} and {@link #add(String, Map)}, in order. */
        private static final List<String> NAMES = List.of("pairs", "x", "y", "xx", "yy", "xy");

        private long pairs;
        private BigDecimal sumX = BigDecimal.ZERO;
        private BigDecimal sumY = BigDecimal.ZERO;
        private BigDecimal sumXX = BigDecimal.ZERO;
        private BigDecimal sumYY = BigDecimal.ZERO;
        private BigDecimal sumXY = BigDecimal.ZERO;

        /** The sums by {@link #NAMES}, each name prefixed with {@code prefix}. */
        public Map<String, BigDecimal> named(String prefix) {
            List<BigDecimal> values = List.of(BigDecimal.valueOf(pairs), sumX, sumY, sumXX, sumYY, sumXY);
            Map<String, BigDecimal> named = new LinkedHashMap<>();
            for (int i = 0; i < NAMES.size(); i++) {
                named.put(prefix + NAMES.get(i), values.get(i));
            }
            return named;
        }

        /** Adds sums named as {@link #named} gives them (a missing one is zero): those of other pairs. */
        public void add(String prefix, Map<String, BigDecimal> named) {
            List<BigDecimal> values = NAMES.stream().map(name -> named.getOrDefault(prefix + name, BigDecimal.ZERO)).toList();
            pairs += values.get(0).longValueExact();
            sumX = sumX.add(values.get(1));
            sumY = sumY.add(values.get(2));
            sumXX = sumXX.add(values.get(3));
            sumYY = sumYY.add(values.get(4));
            sumXY = sumXY.add(values.get(5));
        }

        public void add(BigDecimal x, BigDecimal y) {
            pairs++;
            sumX = sumX.add(x);
            sumY = sumY.add(y);
            sumXX = sumXX.add(x.multiply(x));
            sumYY = sumYY.add(y.multiply(y));
            sumXY = sumXY.add(x.multiply(y));
        }

        public long pairs() {
            return pairs;
        }

        /** r of the pairs added, as {@link Pearson#r}. */
        public BigDecimal r(int minPairs) {
            if (pairs < Math.max(2, minPairs)) {
                return null;
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
}
