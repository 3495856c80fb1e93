package dev.rapport.analytics.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.rapport.analytics.domain.Scores.assertFigure;
import static dev.rapport.analytics.domain.Scores.decimals;

class PearsonTest {

    @ParameterizedTest(name = "[{index}] x = {0}, y = {1} → r = {2}")
    @CsvSource(textBlock = """
            # x               | y                  | r
            # Sxx = 1000, Syy = 250, Sxy = 400: 400 / √250000 = 400 / 500
            60 70 80 90 100,    10 20 15 30 25,      0.80
            # Sxx = 10, Syy = 34, Sxy = 16: 16 / √340 = 0.8677…
            1 2 3 4 5,          1 1 2 3 8,           0.87
            # Sxx = 10, Syy = 10, Sxy = 9
            1 2 3 4 5,          1 2 3 5 4,           0.90
            1 2 3 4 5,          10 8 6 4 2,          -1.00
            # Sxx = 17.5, Syy = 133 − 23²/6 = 44.8333…, Sxy = 19.5: 19.5 / √784.58… = 0.6961…
            1 2 3 4 5 6,        3 1 4 1 5 9,         0.70
            # no spread in x or in y: r is undefined, not 0
            70 70 70 70 70,     1 2 3 4 5,
            1 2 3 4 5,          5 5 5 5 5,
            # fewer than 5 pairs
            1 2 3 4,            1 2 3 5,
            """)
    void rIsPearsonsCorrelationOrNullWhenUndefinedOrTooFewPairs(String x, String y, String expected) {
        assertFigure(expected, Pearson.r(decimals(x), decimals(y), 5));
    }
}
