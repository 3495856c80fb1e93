package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Validates and scores a submitted form against its instrument definition (docs/domain.md,
 * "Instruments" and "Normalised scores").
 *
 * <p>Rounding. A total without "does not apply" answers is the exact sum, with the answers'
 * number of decimals (PHQ-9: 14; SRS: 35.9). With such answers every missing item counts as the
 * mean of the answered ones, so the total is {@code sum × items / answered}, rounded once, half-up,
 * to two decimals (CARE: 39 × 10/9 → 43.33); subscale sums of that form likewise. Normalised scores
 * always have two decimals, half-up, and are computed from the exact total, never from a rounded
 * one (41 × 10/9: 88.89, where the rounded 45.56 would give 88.90). Cut-offs and bands compare
 * the exact total too.
 */
public final class Scorer {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int DECIMALS = 2;

    /**
     * @param answers item id → answer as parsed from JSON (Number, or null where the item may not
     *                apply); anything else is a violation
     * @throws InvalidAnswersException listing every bad, missing or unknown item; nothing is
     *                                 scored then
     */
    public ScoredForm score(InstrumentDefinition definition, Map<String, ?> answers) {
        List<Violation> violations = violations(definition, answers);
        if (!violations.isEmpty()) {
            throw new InvalidAnswersException(definition.id(), violations);
        }
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (Item item : definition.items()) {
            values.put(item.id(), asDecimal(answers.get(item.id())));
        }
        return scoreValid(definition, values);
    }

    /** Every problem of the form, in item order then unknown items by id; empty when valid. */
    public List<Violation> violations(InstrumentDefinition definition, Map<String, ?> answers) {
        Map<String, ?> given = answers == null ? Map.of() : answers;
        List<Violation> violations = new ArrayList<>();
        for (Item item : definition.items()) {
            String field = field(item.id());
            if (!given.containsKey(item.id())) {
                violations.add(new Violation(field, "is required: " + expectation(definition.scale())));
                continue;
            }
            Object answer = given.get(item.id());
            if (answer == null ? !definition.scale().notApplicable() : !isPossibleAnswer(definition.scale(), answer)) {
                violations.add(new Violation(field, expectation(definition.scale())));
            }
        }
        new TreeSet<>(given.keySet().stream().map(String::valueOf).toList()).stream()
                .filter(key -> definition.item(key).isEmpty())
                .forEach(key -> violations.add(new Violation(field(key), "is not an item of " + definition.id())));
        return violations;
    }

    private static ScoredForm scoreValid(InstrumentDefinition definition, Map<String, BigDecimal> values) {
        TreeSet<String> flags = new TreeSet<>();
        List<RaisedRisk> risks = new ArrayList<>();
        // Risk and item-level flags depend on single answers, so they are raised even on a form
        // that has too many "does not apply" answers to be scored.
        for (RiskItem risk : definition.riskItems()) {
            BigDecimal answer = values.get(risk.item());
            if (risk.isRaisedBy(answer)) {
                flags.add(risk.flag());
                risks.add(new RaisedRisk(risk.item(), answer, risk.flag()));
            }
        }
        for (Cutoff cutoff : definition.cutoffs()) {
            if (cutoff.of() == CutoffTarget.ANY_ITEM && values.values().stream()
                    .anyMatch(v -> v != null && cutoff.comparison().holds(v, cutoff.value()))) {
                flags.add(cutoff.flag());
            }
        }

        List<BigDecimal> answered = values.values().stream().filter(v -> v != null).toList();
        int notApplicable = values.size() - answered.size();
        if (notApplicable > definition.maxNotApplicable() || answered.isEmpty()) {
            return new ScoredForm(definition.id(), definition.version(), definition.construct(), null, Map.of(),
                    null, false, List.copyOf(flags), null, risks);
        }

        BigDecimal answeredSum = sum(answered);
        boolean imputed = notApplicable > 0;
        // Each "does not apply" answer counts as the mean of the answered items, answeredSum /
        // answered.size(). Sums are kept as fractions over that denominator so that imputed scores
        // stay exact until the single final rounding.
        BigDecimal denominator = imputed ? BigDecimal.valueOf(answered.size()) : BigDecimal.ONE;
        Scale scale = definition.scale();
        Normalization normalization = definition.scoring().normalization();

        Fraction total = imputedSum(definition.items().stream().map(Item::id).toList(), values, answeredSum,
                denominator);
        for (Cutoff cutoff : definition.cutoffs()) {
            if (cutoff.of() == CutoffTarget.TOTAL && cutoff.comparison().holdsForSign(total.compareTo(cutoff.value()))) {
                flags.add(cutoff.flag());
            }
        }

        Map<String, SubscaleScore> subscales = new LinkedHashMap<>();
        definition.subscales().forEach((name, itemIds) -> {
            Fraction sum = imputedSum(itemIds, values, answeredSum, denominator);
            BigDecimal count = BigDecimal.valueOf(itemIds.size());
            subscales.put(name, new SubscaleScore(
                    sum.toDecimal(imputed, scale.decimals()),
                    normalize(sum, count.multiply(scale.min()), count.multiply(scale.max()),
                            normalization.direction())));
        });

        return new ScoredForm(
                definition.id(),
                definition.version(),
                definition.construct(),
                total.toDecimal(imputed, scale.decimals()),
                subscales,
                normalize(total, normalization.min(), normalization.max(), normalization.direction()),
                true,
                List.copyOf(flags),
                band(definition, total),
                risks);
    }

    private static Fraction imputedSum(List<String> itemIds, Map<String, BigDecimal> values, BigDecimal answeredSum,
                                       BigDecimal denominator) {
        BigDecimal answeredHere = sum(itemIds.stream().map(values::get).filter(v -> v != null).toList());
        long notApplicableHere = itemIds.stream().filter(id -> values.get(id) == null).count();
        return new Fraction(
                answeredHere.multiply(denominator).add(answeredSum.multiply(BigDecimal.valueOf(notApplicableHere))),
                denominator);
    }

    private static BigDecimal normalize(Fraction value, BigDecimal min, BigDecimal max, Direction direction) {
        BigDecimal den = value.denominator();
        BigDecimal distanceFromBadEnd = direction == Direction.HIGHER_BETTER
                ? value.numerator().subtract(min.multiply(den))
                : max.multiply(den).subtract(value.numerator());
        return distanceFromBadEnd.multiply(HUNDRED)
                .divide(max.subtract(min).multiply(den), DECIMALS, RoundingMode.HALF_UP);
    }

    private static String band(InstrumentDefinition definition, Fraction total) {
        // Bands are contiguous on the answer grid; an imputed total between two bands (4.5 between
        // 0–4 and 5–9) belongs to the lower one, i.e. the last band whose minimum it reaches.
        String name = null;
        for (Band band : definition.bands()) {
            if (total.compareTo(band.min()) >= 0) {
                name = band.name();
            }
        }
        return name;
    }

    private static boolean isPossibleAnswer(Scale scale, Object answer) {
        BigDecimal value = asDecimalOrNull(answer);
        return value != null
                && value.stripTrailingZeros().scale() <= scale.decimals()
                && value.compareTo(scale.min()) >= 0
                && value.compareTo(scale.max()) <= 0;
    }

    private static String expectation(Scale scale) {
        String range = " from " + scale.min().toPlainString() + " to " + scale.max().toPlainString();
        String kind = scale.decimals() == 0
                ? "must be an integer" + range
                : "must be a number" + range + " with at most " + (scale.decimals() == 1 ? "one decimal" : scale.decimals() + " decimals");
        return scale.notApplicable() ? kind + ", or null when the item does not apply" : kind;
    }

    private static String field(String itemId) {
        return "answers." + itemId;
    }

    private static BigDecimal asDecimal(Object answer) {
        BigDecimal value = asDecimalOrNull(answer);
        return value == null ? null : value.stripTrailingZeros();
    }

    /** Accepts the numbers a JSON parser produces; everything else (strings, booleans, NaN) is not an answer. */
    private static BigDecimal asDecimalOrNull(Object answer) {
        if (answer instanceof BigDecimal d) {
            return d;
        }
        if (answer instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (answer instanceof Integer || answer instanceof Long || answer instanceof Short || answer instanceof Byte) {
            return BigDecimal.valueOf(((Number) answer).longValue());
        }
        if (answer instanceof Double d) {
            // valueOf goes through the shortest decimal string, so a parsed 35.9 stays 35.9.
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (answer instanceof Float f) {
            return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : null;
        }
        return null;
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** numerator / denominator with a positive denominator; keeps imputed scores exact. */
    private record Fraction(BigDecimal numerator, BigDecimal denominator) {

        int compareTo(BigDecimal other) {
            return numerator.compareTo(other.multiply(denominator));
        }

        /**
         * Without imputation the value is an exact sum of answers and keeps the answers' number
         * of decimals; with imputation it is rounded half-up to two decimals.
         */
        BigDecimal toDecimal(boolean imputed, int answerDecimals) {
            return imputed
                    ? numerator.divide(denominator, DECIMALS, RoundingMode.HALF_UP)
                    : numerator.divide(denominator).setScale(answerDecimals, RoundingMode.UNNECESSARY);
        }
    }
}
