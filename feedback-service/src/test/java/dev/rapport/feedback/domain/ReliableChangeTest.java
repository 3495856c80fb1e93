package dev.rapport.feedback.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Optional;

import static dev.rapport.feedback.domain.Forms.instrument;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ReliableChangeTest {

    @ParameterizedTest(name = "[{index}] {0}: {1} → {2} is {3}")
    @CsvSource(textBlock = """
            # ORS: an increase of at least 5 is an improvement
            ors,   20,   25,   IMPROVED
            ors,   20,   24.9, NO_RELIABLE_CHANGE
            ors,   30.5, 40,   IMPROVED
            ors,   25,   20,   DETERIORATED
            ors,   25,   20.1, NO_RELIABLE_CHANGE
            ors,   20,   20,   NO_RELIABLE_CHANGE
            # PHQ-9: a drop of at least 6 is an improvement
            phq-9, 20,   14,   IMPROVED
            phq-9, 20,   15,   NO_RELIABLE_CHANGE
            phq-9, 10,   16,   DETERIORATED
            phq-9, 10,   15,   NO_RELIABLE_CHANGE
            # GAD-7: a drop of at least 4 is an improvement
            gad-7, 15,   11,   IMPROVED
            gad-7, 15,   12,   NO_RELIABLE_CHANGE
            gad-7, 8,    12,   DETERIORATED
            gad-7, 8,    11,   NO_RELIABLE_CHANGE
            """)
    void firstToLatestChangeIsReliableFromTheInstrumentsThreshold(String id, String first, String latest,
                                                                  ReliableChange expected) {
        assertEquals(Optional.of(expected),
                instrument(id).reliableChange(new BigDecimal(first), new BigDecimal(latest)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wai-sr", "srs", "care"})
    void instrumentsWithoutARuleGiveNoReliableChange(String id) {
        assertEquals(Optional.empty(), instrument(id).reliableChange(BigDecimal.ZERO, BigDecimal.TEN));
    }

    @Test
    void theRulesStateTheirDirectionExplicitly() {
        assertEquals(ChangeDirection.INCREASE, instrument("ors").reliableChange().improvement());
        assertEquals(ChangeDirection.DECREASE, instrument("phq-9").reliableChange().improvement());
        assertEquals(ChangeDirection.DECREASE, instrument("gad-7").reliableChange().improvement());
    }
}
