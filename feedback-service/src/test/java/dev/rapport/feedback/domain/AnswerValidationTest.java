package dev.rapport.feedback.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.rapport.feedback.domain.Forms.answers;
import static dev.rapport.feedback.domain.Forms.instrument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AnswerValidationTest {

    private static final String PHQ9_EXPECTATION = "must be an integer from 0 to 3";
    private static final String WAI_SR_EXPECTATION = "must be an integer from 1 to 5";
    private static final String ONE_DECIMAL_EXPECTATION = "must be a number from 0 to 10 with at most one decimal";
    private static final String CARE_EXPECTATION =
            "must be an integer from 1 to 5, or null when the item does not apply";

    private final Scorer scorer = new Scorer();

    static Stream<Arguments> singleBadAnswers() {
        return Stream.of(
                arguments("phq-9", "9", "4", PHQ9_EXPECTATION),
                arguments("phq-9", "1", "-1", PHQ9_EXPECTATION),
                arguments("phq-9", "5", "1.5", PHQ9_EXPECTATION),
                arguments("phq-9", "9", "string 1", PHQ9_EXPECTATION),
                arguments("phq-9", "9", "boolean true", PHQ9_EXPECTATION),
                arguments("phq-9", "9", "null", PHQ9_EXPECTATION),
                arguments("phq-9", "2", "list", PHQ9_EXPECTATION),
                arguments("phq-9", "2", "NaN", PHQ9_EXPECTATION),
                arguments("wai-sr", "3", "3.5", WAI_SR_EXPECTATION),
                arguments("wai-sr", "12", "6", WAI_SR_EXPECTATION),
                arguments("wai-sr", "1", "0", WAI_SR_EXPECTATION),
                arguments("wai-sr", "7", "null", WAI_SR_EXPECTATION),
                arguments("ors", "2", "9.25", ONE_DECIMAL_EXPECTATION),
                arguments("ors", "4", "10.1", ONE_DECIMAL_EXPECTATION),
                arguments("ors", "1", "-0.1", ONE_DECIMAL_EXPECTATION),
                arguments("srs", "4", "9.25", ONE_DECIMAL_EXPECTATION),
                arguments("srs", "1", "string 9.5", ONE_DECIMAL_EXPECTATION),
                arguments("srs", "3", "Infinity", ONE_DECIMAL_EXPECTATION),
                arguments("care", "10", "0", CARE_EXPECTATION),
                arguments("care", "1", "6", CARE_EXPECTATION),
                arguments("care", "5", "4.5", CARE_EXPECTATION),
                arguments("care", "5", "boolean false", CARE_EXPECTATION));
    }

    @ParameterizedTest(name = "[{index}] {0} item {1} = {2} is rejected")
    @MethodSource("singleBadAnswers")
    void aBadAnswerIsRejectedWithAMessageNamingTheItem(String instrumentId, String itemId, String bad,
                                                       String message) {
        InstrumentDefinition definition = instrument(instrumentId);
        Map<String, Object> answers = validAnswers(definition);
        answers.put(itemId, badValue(bad));

        InvalidAnswersException e = assertThrows(InvalidAnswersException.class,
                () -> scorer.score(definition, answers));

        assertEquals(List.of(new Violation("answers." + itemId, message)), e.violations());
        assertEquals(instrumentId, e.instrumentId());
    }

    @Test
    void aMissingItemIsRejectedAsRequired() {
        Map<String, Object> answers = answers("0 0 0 0 0 0 0 0");

        InvalidAnswersException e = assertThrows(InvalidAnswersException.class,
                () -> scorer.score(instrument("phq-9"), answers));

        assertEquals(List.of(new Violation("answers.9", "is required: " + PHQ9_EXPECTATION)), e.violations());
    }

    @Test
    void anUnknownItemIsRejected() {
        Map<String, Object> answers = answers("0 0 0 0 0 0 0 0 0 1");

        InvalidAnswersException e = assertThrows(InvalidAnswersException.class,
                () -> scorer.score(instrument("phq-9"), answers));

        assertEquals(List.of(new Violation("answers.10", "is not an item of phq-9")), e.violations());
    }

    @Test
    void aCareItemLeftOutIsMissingEvenThoughNullWouldBeAccepted() {
        Map<String, Object> answers = answers("4 4 4 4 4 4 4 4 4");

        InvalidAnswersException e = assertThrows(InvalidAnswersException.class,
                () -> scorer.score(instrument("care"), answers));

        assertEquals(List.of(new Violation("answers.10", "is required: " + CARE_EXPECTATION)), e.violations());
    }

    @Test
    void everyProblemOfAFormIsReportedAtOnceInItemOrderThenUnknownItems() {
        Map<String, Object> answers = answers("0 0 5 0 0 0 0 0 0");
        answers.remove("1");
        answers.put("2", "two");
        answers.put("zz", 1);
        answers.put("12", 1);

        InvalidAnswersException e = assertThrows(InvalidAnswersException.class,
                () -> scorer.score(instrument("phq-9"), answers));

        assertEquals(List.of(
                new Violation("answers.1", "is required: " + PHQ9_EXPECTATION),
                new Violation("answers.2", PHQ9_EXPECTATION),
                new Violation("answers.3", PHQ9_EXPECTATION),
                new Violation("answers.12", "is not an item of phq-9"),
                new Violation("answers.zz", "is not an item of phq-9")), e.violations());
    }

    @Test
    void aMissingAnswersObjectMakesEveryItemRequired() {
        InvalidAnswersException e = assertThrows(InvalidAnswersException.class,
                () -> scorer.score(instrument("srs"), null));

        assertEquals(List.of("answers.1", "answers.2", "answers.3", "answers.4"),
                e.violations().stream().map(Violation::field).toList());
    }

    @Test
    void wholeNumbersWrittenWithZeroDecimalsAreIntegers() {
        Map<String, Object> answers = answers("0 0 0 0 0 0 0 0 0");
        answers.put("1", 2.0);
        answers.put("2", new BigDecimal("3.00"));
        answers.put("3", 1L);
        answers.put("4", BigInteger.ONE);

        ScoredForm form = scorer.score(instrument("phq-9"), answers);

        assertEquals(new BigDecimal("7"), form.total());
    }

    @Test
    void validAnswersHaveNoViolations() {
        assertEquals(List.of(), scorer.violations(instrument("care"), answers("1 2 3 4 5 null 1 2 3 4")));
    }

    private static Map<String, Object> validAnswers(InstrumentDefinition definition) {
        Map<String, Object> answers = new LinkedHashMap<>();
        definition.items().forEach(item -> answers.put(item.id(), definition.scale().min().intValueExact()));
        return answers;
    }

    private static Object badValue(String bad) {
        return switch (bad) {
            case "null" -> null;
            case "list" -> List.of(1);
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "boolean true" -> Boolean.TRUE;
            case "boolean false" -> Boolean.FALSE;
            default -> bad.startsWith("string ") ? bad.substring("string ".length())
                    : bad.contains(".") ? (Object) Double.valueOf(bad) : (Object) Integer.valueOf(bad);
        };
    }
}
