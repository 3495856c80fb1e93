package dev.rapport.feedback.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;

import static dev.rapport.feedback.domain.Forms.BUNDLED;
import static dev.rapport.feedback.domain.Forms.instrument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundledInstrumentsTest {

    private static final String LOINC = "http://loinc.org";

    private static final List<String> FREQUENCY_LABELS =
            List.of("Not at all", "Several days", "More than half the days", "Nearly every day");

    @Test
    void theSixBundledInstrumentsLoadOrderedById() {
        assertEquals(List.of("care", "gad-7", "ors", "phq-9", "srs", "wai-sr"),
                BUNDLED.all().stream().map(InstrumentDefinition::id).toList());
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}, {2} items {3}–{4} step {5}, total {6}–{7} {8}")
    @CsvSource(textBlock = """
            wai-sr, ALLIANCE, 12, 1, 5,  1,   12, 60, HIGHER_BETTER
            srs,    ALLIANCE, 4,  0, 10, 0.1, 0,  40, HIGHER_BETTER
            care,   EMPATHY,  10, 1, 5,  1,   10, 50, HIGHER_BETTER
            ors,    OUTCOME,  4,  0, 10, 0.1, 0,  40, HIGHER_BETTER
            phq-9,  OUTCOME,  9,  0, 3,  1,   0,  27, LOWER_BETTER
            gad-7,  OUTCOME,  7,  0, 3,  1,   0,  21, LOWER_BETTER
            """)
    void bundledDefinitionsMatchTheDomainSpecification(String id, Construct construct, int items, String min,
                                                       String max, String step, String totalMin, String totalMax,
                                                       Direction direction) {
        InstrumentDefinition definition = instrument(id);

        assertEquals(construct, definition.construct());
        assertEquals(items, definition.items().size());
        assertEquals(0, new BigDecimal(min).compareTo(definition.scale().min()));
        assertEquals(0, new BigDecimal(max).compareTo(definition.scale().max()));
        assertEquals(0, new BigDecimal(step).compareTo(definition.scale().step()));
        assertEquals(0, new BigDecimal(totalMin).compareTo(definition.scoring().normalization().min()));
        assertEquals(0, new BigDecimal(totalMax).compareTo(definition.scoring().normalization().max()));
        assertEquals(direction, definition.scoring().normalization().direction());
        assertEquals(ScoringRule.SUM, definition.scoring().rule());
        for (int i = 0; i < items; i++) {
            assertEquals(String.valueOf(i + 1), definition.items().get(i).id());
        }
    }

    @ParameterizedTest(name = "[{index}] {0} is taken at the {1} of a session")
    @CsvSource(textBlock = """
            ors,    START
            phq-9,  START
            gad-7,  START
            srs,    END
            wai-sr, END
            care,   END
            """)
    void outcomeInstrumentsAreTakenAtTheStartAndAllianceAndEmpathyAtTheEnd(String id, Administered administered) {
        assertEquals(administered, instrument(id).administered());
    }

    /**
     * Checked against LOINC's own FHIR Questionnaires for the panels 44249-1 and 69737-5 and the
     * loinc.org term pages. The text column ties each code to the wording of the item it is
     * LOINC's code for, so that a code attached to the wrong item fails here even when all codes
     * are present.
     */
    @ParameterizedTest(name = "[{index}] {0} {1} = LOINC {2}")
    @CsvSource(delimiter = '|', textBlock = """
            phq-9 | panel      | 44249-1 |
            phq-9 | 1          | 44250-9 | Little interest or pleasure
            phq-9 | 2          | 44255-8 | Feeling down, depressed, or hopeless
            phq-9 | 3          | 44259-0 | Trouble falling or staying asleep
            phq-9 | 4          | 44254-1 | Feeling tired or having little energy
            phq-9 | 5          | 44251-7 | Poor appetite or overeating
            phq-9 | 6          | 44258-2 | Feeling bad about yourself
            phq-9 | 7          | 44252-5 | Trouble concentrating on things
            phq-9 | 8          | 44253-3 | Moving or speaking so slowly
            phq-9 | 9          | 44260-8 | Thoughts that you would be better off dead
            phq-9 | total      | 44261-6 |
            phq-9 | difficulty | 69722-7 |
            gad-7 | panel      | 69737-5 |
            gad-7 | 1          | 69725-0 | Feeling nervous, anxious
            gad-7 | 2          | 68509-9 | Not being able to stop or control worrying
            gad-7 | 3          | 69733-4 | Worrying too much about different things
            gad-7 | 4          | 69734-2 | Trouble relaxing
            gad-7 | 5          | 69735-9 | Being so restless that it is hard to sit still
            gad-7 | 6          | 69689-8 | Becoming easily annoyed or irritable
            gad-7 | 7          | 69736-7 | Feeling afraid, as if something awful might happen
            gad-7 | total      | 70274-6 |
            """)
    void phq9AndGad7CarryTheirLoincCodes(String id, String of, String code, String itemText) {
        InstrumentDefinition definition = instrument(id);

        List<Code> codes = loinc(definition).stream().filter(c -> c.of().equals(of)).toList();

        assertEquals(List.of(new Code(LOINC, code, of)), codes);
        if (itemText != null) {
            assertTrue(definition.item(of).orElseThrow().text().startsWith(itemText), of);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"phq-9", "gad-7"})
    void everyItemOfPhq9AndGad7HasExactlyOneLoincCodeBesideThePanelAndTheTotal(String id) {
        InstrumentDefinition definition = instrument(id);
        List<String> targets = loinc(definition).stream().map(Code::of).toList();

        for (Item item : definition.items()) {
            assertEquals(1, targets.stream().filter(item.id()::equals).count(), id + " item " + item.id());
        }
        assertEquals(1, targets.stream().filter(Code.PANEL::equals).count(), id + " panel");
        assertEquals(1, targets.stream().filter(Code.TOTAL::equals).count(), id + " total");
        // Nothing else but PHQ-9's unscored difficulty question, which is coded but is no item.
        int extra = id.equals("phq-9") ? 1 : 0;
        assertEquals(definition.items().size() + 2 + extra, targets.size(), String.valueOf(targets));
    }

    @Test
    void phq9DifficultyQuestionIsCodedButNotScored() {
        InstrumentDefinition phq9 = instrument("phq-9");

        assertTrue(phq9.item(Code.DIFFICULTY).isEmpty());
        assertEquals(9, phq9.items().size());
        assertEquals(0, new BigDecimal(27).compareTo(phq9.scoring().normalization().max()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wai-sr", "srs", "care", "ors"})
    void licensedInstrumentsShipWithoutItemWording(String id) {
        InstrumentDefinition definition = instrument(id);

        definition.items().forEach(item -> assertNull(item.text(), id + " item " + item.id()));
        assertNull(definition.stem());
        assertTrue(definition.licence().contains("not bundled"), definition.licence());
        assertTrue(definition.licence().contains("own instrument definition directory"), definition.licence());
    }

    @Test
    void waiSrLicenceNamesTheSocietyForPsychotherapyResearch() {
        assertTrue(instrument("wai-sr").licence().contains("Society for Psychotherapy Research"));
    }

    @Test
    void srsItemsCarryTheirShortLabels() {
        assertEquals(List.of("relationship", "goals & topics", "approach/method", "overall"),
                instrument("srs").items().stream().map(Item::label).toList());
    }

    @Test
    void careAllowsUpToTwoItemsThatDoNotApply() {
        assertTrue(instrument("care").scale().notApplicable());
        assertEquals(2, instrument("care").maxNotApplicable());
    }

    @Test
    void waiSrSubscalesAreTaskGoalAndBond() {
        InstrumentDefinition definition = instrument("wai-sr");

        assertEquals(List.of("1", "2", "10", "12"), definition.subscales().get("task"));
        assertEquals(List.of("4", "6", "8", "11"), definition.subscales().get("goal"));
        assertEquals(List.of("3", "5", "7", "9"), definition.subscales().get("bond"));
    }

    @Test
    void phq9ShipsItsPublicDomainWording() {
        InstrumentDefinition definition = instrument("phq-9");

        assertEquals("Over the last 2 weeks, how often have you been bothered by any of the following problems?",
                definition.stem());
        assertEquals(List.of(
                "Little interest or pleasure in doing things",
                "Feeling down, depressed, or hopeless",
                "Trouble falling or staying asleep, or sleeping too much",
                "Feeling tired or having little energy",
                "Poor appetite or overeating",
                "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
                "Trouble concentrating on things, such as reading the newspaper or watching television",
                "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
                        + "fidgety or restless that you have been moving around a lot more than usual",
                "Thoughts that you would be better off dead or of hurting yourself in some way"),
                definition.items().stream().map(Item::text).toList());
        assertEquals(FREQUENCY_LABELS, definition.scale().labels().stream().map(AnswerLabel::label).toList());
    }

    @Test
    void phq9Item9IsItsSafetyItem() {
        RiskItem risk = instrument("phq-9").riskItems().get(0);

        assertEquals("9", risk.item());
        assertEquals("SAFETY_ITEM", risk.flag());
        assertEquals(Comparison.GREATER_THAN, risk.comparison());
        assertEquals(0, risk.value().signum());
    }

    @Test
    void gad7ShipsItsPublicDomainWording() {
        InstrumentDefinition definition = instrument("gad-7");

        assertEquals("Over the last 2 weeks, how often have you been bothered by the following problems?",
                definition.stem());
        assertEquals(List.of(
                "Feeling nervous, anxious, or on edge",
                "Not being able to stop or control worrying",
                "Worrying too much about different things",
                "Trouble relaxing",
                "Being so restless that it is hard to sit still",
                "Becoming easily annoyed or irritable",
                "Feeling afraid, as if something awful might happen"),
                definition.items().stream().map(Item::text).toList());
        assertEquals(FREQUENCY_LABELS, definition.scale().labels().stream().map(AnswerLabel::label).toList());
    }

    @Test
    void theBundledPhq9LoadsWithItsSafetyRule() {
        InstrumentDefinition phq9 = new InstrumentDefinitionLoader().loadBundled().stream()
                .filter(d -> d.id().equals("phq-9")).findFirst().orElseThrow();

        assertTrue(phq9.riskItems().stream()
                .anyMatch(risk -> risk.item().equals("9") && risk.flag().equals(RiskItem.SAFETY_FLAG)));
    }

    @Test
    void anUnknownInstrumentIsNotFound() {
        assertTrue(BUNDLED.find("bdi-ii").isEmpty());
        assertEquals("bdi-ii", assertThrows(UnknownInstrumentException.class,
                () -> BUNDLED.require("bdi-ii")).instrumentId());
    }

    private static List<Code> loinc(InstrumentDefinition definition) {
        return definition.codes().stream().filter(c -> c.system().equals(LOINC)).toList();
    }
}
