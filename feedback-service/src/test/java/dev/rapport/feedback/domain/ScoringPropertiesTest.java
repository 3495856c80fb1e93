package dev.rapport.feedback.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random forms for every bundled instrument, answered the way Jackson hands them to the scorer. */
class ScoringPropertiesTest {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Scorer scorer = new Scorer();

    record Form(InstrumentDefinition definition, Map<String, Object> answers) {
        @Override
        public String toString() {
            return definition.id() + " " + answers;
        }
    }

    record BadForm(InstrumentDefinition definition, Map<String, Object> answers, String badItem) {
        @Override
        public String toString() {
            return definition.id() + " " + answers + " (bad: " + badItem + ")";
        }
    }

    @Property
    void validFormsScoreInsideTheInstrumentsRange(@ForAll("validForms") Form form) {
        InstrumentDefinition definition = form.definition();
        ScoredForm scored = scorer.score(definition, form.answers());

        long notApplicable = form.answers().values().stream().filter(Objects::isNull).count();
        if (notApplicable > definition.maxNotApplicable()) {
            assertFalse(scored.scorable());
            assertNull(scored.total());
            assertNull(scored.normalized());
            return;
        }
        Normalization normalization = definition.scoring().normalization();
        assertTrue(scored.scorable());
        assertBetween(normalization.min(), scored.total(), normalization.max());
        assertNormalized(scored.normalized());
        definition.subscales().forEach((name, itemIds) -> {
            SubscaleScore subscale = scored.subscales().get(name);
            BigDecimal count = BigDecimal.valueOf(itemIds.size());
            assertBetween(count.multiply(definition.scale().min()), subscale.sum(),
                    count.multiply(definition.scale().max()));
            assertNormalized(subscale.normalized());
        });
        assertEquals(definition.bands().isEmpty(), scored.band() == null);
    }

    @Property
    void completeFormsScoreTheExactSumAndTheSpecifiedNormalisation(@ForAll("completeForms") Form form) {
        InstrumentDefinition definition = form.definition();
        ScoredForm scored = scorer.score(definition, form.answers());

        BigDecimal sum = form.answers().values().stream()
                .map(v -> new BigDecimal(v.toString()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, sum.compareTo(scored.total()), () -> "total " + scored.total() + " ≠ sum " + sum);
        // docs/domain.md's formulas, evaluated independently of the scorer's exact-fraction arithmetic.
        Normalization n = definition.scoring().normalization();
        BigDecimal range = n.max().subtract(n.min());
        BigDecimal fromBadEnd = n.direction() == Direction.HIGHER_BETTER ? sum.subtract(n.min()) : n.max().subtract(sum);
        BigDecimal expected = fromBadEnd.divide(range, MathContext.DECIMAL128).multiply(HUNDRED)
                .setScale(2, RoundingMode.HALF_UP);
        assertEquals(expected, scored.normalized());
    }

    @Property
    void aFormWithOneBadItemIsRejectedNamingThatItem(@ForAll("invalidForms") BadForm form) {
        InvalidAnswersException e = assertThrows(InvalidAnswersException.class,
                () -> scorer.score(form.definition(), form.answers()));

        assertEquals(List.of("answers." + form.badItem()), e.violations().stream().map(Violation::field).toList());
    }

    // --- generators --------------------------------------------------------------------------------

    @Provide
    Arbitrary<Form> validForms() {
        return Arbitraries.of(Forms.BUNDLED.all()).flatMap(d -> answers(d, true).map(a -> new Form(d, a)));
    }

    @Provide
    Arbitrary<Form> completeForms() {
        return Arbitraries.of(Forms.BUNDLED.all()).flatMap(d -> answers(d, false).map(a -> new Form(d, a)));
    }

    @Provide
    Arbitrary<BadForm> invalidForms() {
        return Arbitraries.of(Forms.BUNDLED.all()).flatMap(this::invalidFormsOf);
    }

    private Arbitrary<BadForm> invalidFormsOf(InstrumentDefinition d) {
        Arbitrary<Map<String, Object>> valid = answers(d, false);
        Arbitrary<String> itemId = Arbitraries.of(d.items()).map(Item::id);

        Arbitrary<BadForm> badValue = Combinators.combine(valid, itemId, badValue(d.scale()))
                .as((answers, id, bad) -> {
                    Map<String, Object> spoilt = new LinkedHashMap<>(answers);
                    spoilt.put(id, bad);
                    return new BadForm(d, spoilt, id);
                });
        Arbitrary<BadForm> missing = Combinators.combine(valid, itemId).as((answers, id) -> {
            Map<String, Object> spoilt = new LinkedHashMap<>(answers);
            spoilt.remove(id);
            return new BadForm(d, spoilt, id);
        });
        Arbitrary<String> unknownId = Arbitraries.oneOf(
                Arbitraries.integers().between(d.items().size() + 1, d.items().size() + 100).map(String::valueOf),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8));
        Arbitrary<BadForm> unknown = Combinators.combine(valid, unknownId).as((answers, id) -> {
            Map<String, Object> spoilt = new LinkedHashMap<>(answers);
            spoilt.put(id, d.scale().min().intValue());
            return new BadForm(d, spoilt, id);
        });
        return Arbitraries.oneOf(badValue, missing, unknown);
    }

    /** A complete map of answers on the instrument's grid; nulls only where "does not apply" is allowed. */
    private Arbitrary<Map<String, Object>> answers(InstrumentDefinition d, boolean withNotApplicable) {
        List<Arbitrary<Object>> perItem = d.items().stream()
                .map(item -> withNotApplicable && d.scale().notApplicable()
                        ? validValue(d.scale()).injectNull(0.15)
                        : validValue(d.scale()))
                .toList();
        return Combinators.combine(perItem).as(values -> {
            Map<String, Object> answers = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                answers.put(d.items().get(i).id(), values.get(i));
            }
            return answers;
        });
    }

    private Arbitrary<Object> validValue(Scale scale) {
        return Arbitraries.bigDecimals().between(scale.min(), scale.max()).ofScale(scale.decimals())
                .flatMap(ScoringPropertiesTest::asParsedJson);
    }

    private Arbitrary<Object> badValue(Scale scale) {
        Arbitrary<BigDecimal> outOfRange = Arbitraries.integers().between(1, 1000)
                .map(BigDecimal::valueOf)
                .flatMap(k -> Arbitraries.of(scale.min().subtract(k.multiply(scale.step())),
                        scale.max().add(k.multiply(scale.step()))));
        Arbitrary<BigDecimal> offGrid = Arbitraries.bigDecimals().between(scale.min(), scale.max())
                .ofScale(scale.decimals() + 1)
                .filter(v -> v.stripTrailingZeros().scale() > scale.decimals());
        Arbitrary<Object> wrongType = Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(scale.min(), scale.max()).ofScale(scale.decimals())
                        .map(BigDecimal::toPlainString),
                Arbitraries.strings().ofMaxLength(5),
                Arbitraries.of(true, false),
                Arbitraries.of(List.of(1), Map.of("value", 1), new Object()),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        Arbitrary<Object> bad = Arbitraries.oneOf(
                outOfRange.flatMap(ScoringPropertiesTest::asParsedJson),
                offGrid.flatMap(ScoringPropertiesTest::asParsedJson),
                wrongType);
        return scale.notApplicable() ? bad : Arbitraries.oneOf(bad, Arbitraries.just(null));
    }

    /** The number types Jackson produces for a JSON number: Integer, Double, or BigDecimal when so configured. */
    private static Arbitrary<Object> asParsedJson(BigDecimal value) {
        Object natural = value.scale() <= 0 ? (Object) value.intValueExact() : (Object) value.doubleValue();
        return Arbitraries.of(natural, value);
    }

    private static void assertBetween(BigDecimal min, BigDecimal value, BigDecimal max) {
        assertNotNull(value);
        assertTrue(value.compareTo(min) >= 0 && value.compareTo(max) <= 0, value + " outside " + min + ".." + max);
    }

    private static void assertNormalized(BigDecimal normalized) {
        assertBetween(BigDecimal.ZERO, normalized, HUNDRED);
        assertEquals(2, normalized.scale());
    }
}
