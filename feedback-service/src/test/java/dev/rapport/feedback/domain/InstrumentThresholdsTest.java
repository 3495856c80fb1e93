package dev.rapport.feedback.domain;

import static dev.rapport.feedback.domain.Forms.answers;
import static dev.rapport.feedback.domain.Forms.instrument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.feedback.events.FeedbackEvents;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The thresholds that travel with every rapport.feedback.submitted.v2 come from the bundled
 * definition files, domain.md's values: concern (srs), caseness and reliable change (outcomes).
 */
class InstrumentThresholdsTest {

    private final Scorer scorer = new Scorer();

    @Test
    void srsIsOfConcernByItsTotalOrByASingleItem() {
        InstrumentDefinition srs = instrument("srs");
        assertEquals(List.of("BELOW_CUTOFF", "ITEM_BELOW_9"), srs.concernRule().stream().map(Cutoff::flag).toList());
        // 9 + 9 + 9 + 9 = 36: neither below 36 nor an item below 9.
        assertFalse(FeedbackEvents.concern(srs, scorer.score(srs, answers("9.0 9.0 9.0 9.0"))));
        // 10 + 10 + 10 + 8.5 = 38.5: the total is fine, item 4 is below 9.
        assertTrue(FeedbackEvents.concern(srs, scorer.score(srs, answers("10.0 10.0 10.0 8.5"))));
        // 9 + 9 + 9 + 8.9 = 35.9: both.
        assertTrue(FeedbackEvents.concern(srs, scorer.score(srs, answers("9.0 9.0 9.0 8.9"))));
    }

    @Test
    void orsClinicalCutOffIsNotAConcernButItsCaseness() {
        InstrumentDefinition ors = instrument("ors");
        assertEquals(List.of(), ors.concernRule());
        assertFalse(FeedbackEvents.concern(ors, scorer.score(ors, answers("5.0 5.0 5.0 5.0"))));
        FeedbackEvents.Thresholds thresholds = FeedbackEvents.Thresholds.of(ors);
        assertEquals(new FeedbackEvents.CasenessRule("lessThan", new BigDecimal("25")), thresholds.caseness());
        assertEquals(new FeedbackEvents.ReliableChange("increase", new BigDecimal("5")), thresholds.reliableChange());
        assertTrue(ors.caseness().isCase(new BigDecimal("24.9")));
        assertFalse(ors.caseness().isCase(new BigDecimal("25")));
    }

    @Test
    void phq9AndGad7CasenessAndReliableChangeAreTheNhsTalkingTherapiesValues() {
        FeedbackEvents.Thresholds phq9 = FeedbackEvents.Thresholds.of(instrument("phq-9"));
        assertEquals(new FeedbackEvents.CasenessRule("atLeast", new BigDecimal("10")), phq9.caseness());
        assertEquals(new FeedbackEvents.ReliableChange("decrease", new BigDecimal("6")), phq9.reliableChange());
        FeedbackEvents.Thresholds gad7 = FeedbackEvents.Thresholds.of(instrument("gad-7"));
        assertEquals(new FeedbackEvents.CasenessRule("atLeast", new BigDecimal("8")), gad7.caseness());
        assertEquals(new FeedbackEvents.ReliableChange("decrease", new BigDecimal("4")), gad7.reliableChange());
        assertTrue(instrument("gad-7").caseness().isCase(new BigDecimal("8")));
        assertFalse(instrument("phq-9").caseness().isCase(new BigDecimal("9")));
    }

    @Test
    void allianceAndEmpathyInstrumentsHaveNoOutcomeThresholds() {
        for (String id : List.of("wai-sr", "care")) {
            FeedbackEvents.Thresholds thresholds = FeedbackEvents.Thresholds.of(instrument(id));
            assertEquals(List.of(), thresholds.concern());
            assertNull(thresholds.caseness());
            assertNull(thresholds.reliableChange());
        }
    }
}
