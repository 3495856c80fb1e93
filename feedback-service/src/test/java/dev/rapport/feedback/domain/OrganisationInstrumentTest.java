package dev.rapport.feedback.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.rapport.feedback.domain.Forms.answers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An organisation's directory can supply licensed wording and add instruments. The added
 * instrument below exercises every scoring feature at once (lower-better, imputation, subscales,
 * a total cut-off, bands, a risk item) to show that scoring follows the data, not instrument ids.
 */
class OrganisationInstrumentTest {

    private static final String WELLBEING = """
            {
              "id": "wellbeing-5",
              "version": "2025-1",
              "title": "Organisation wellbeing check",
              "construct": "outcome",
              "administered": "start",
              "licence": "Written by the organisation; free to use.",
              "items": [
                { "id": "1", "text": "Low mood", "subscale": "mood" },
                { "id": "2", "text": "Hopelessness", "subscale": "mood" },
                { "id": "3", "text": "Tiredness", "subscale": "energy" },
                { "id": "4", "text": "Poor sleep", "subscale": "energy" },
                { "id": "5", "text": "Thoughts of harming yourself" }
              ],
              "scale": { "min": 0, "max": 4, "step": 1, "notApplicable": true },
              "maxNotApplicable": 1,
              "subscales": { "mood": ["1", "2"], "energy": ["3", "4"] },
              "scoring": { "rule": "sum", "normalization": { "min": 0, "max": 20, "direction": "lower-better" } },
              "cutoffs": [ { "flag": "HIGH_DISTRESS", "of": "total", "comparison": "atLeast", "value": 12 } ],
              "bands": [ { "name": "low", "min": 0, "max": 9 }, { "name": "high", "min": 10, "max": 20 } ],
              "riskItems": [ { "item": "5", "comparison": "atLeast", "value": 3, "flag": "RISK_ITEM" } ],
              "reliableChange": { "improvement": "decrease", "minimumChange": 3 }
            }
            """;

    private static final String SUPPLIED_WORDING = "Supplied by the organisation under its licence";

    @TempDir
    Path organisationDirectory;

    private InstrumentRegistry registry;
    private final Scorer scorer = new Scorer();

    @BeforeEach
    void loadRegistryWithAnOrganisationDirectory() throws IOException {
        Files.writeString(organisationDirectory.resolve("wellbeing-5.json"), WELLBEING);
        ObjectNode srs = InstrumentDefinitionLoaderTest.bundledJson("srs");
        ((ArrayNode) srs.get("items")).forEach(item -> ((ObjectNode) item).put("text", SUPPLIED_WORDING));
        Files.writeString(organisationDirectory.resolve("srs.json"), srs.toString());
        registry = InstrumentRegistry.load(Optional.of(organisationDirectory));
    }

    @Test
    void anOrganisationFileWithABundledIdReplacesItToSupplyTheWording() {
        registry.require("srs").items().forEach(item -> assertEquals(SUPPLIED_WORDING, item.text()));
        registry.require("wai-sr").items().forEach(item -> assertNull(item.text()));
    }

    @Test
    void anOrganisationFileWithANewIdAddsAnInstrument() {
        assertEquals(List.of("care", "gad-7", "ors", "phq-9", "srs", "wai-sr", "wellbeing-5"),
                registry.all().stream().map(InstrumentDefinition::id).toList());
    }

    @ParameterizedTest(name = "[{index}] {0} → total {1}, normalised {2}, band {3}, flags {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # answers       | total | normalised | band | flags        | mood | mood%  | energy | energy%
            # one null: 10 × 5/4 = 12.5; (20 − 12.5)/20 × 100 = 37.5; energy 2 + 10/4 = 4.5 → (8 − 4.5)/8 = 43.75%
            4 3 2 null 1    | 12.50 | 37.50      | high | HIGH_DISTRESS | 7.00 | 12.50  | 4.50   | 43.75
            # 9 × 5/4 = 11.25 is below the cut-off of 12
            4 3 1 null 1    | 11.25 | 43.75      | high |              | 7.00 | 12.50  | 3.25   | 59.38
            # 7 × 5/4 = 8.75 lies in the low band
            2 2 2 null 1    | 8.75  | 56.25      | low  |              | 4.00 | 50.00  | 3.75   | 53.13
            0 0 0 0 3       | 3     | 85.00      | low  | RISK_ITEM     | 0    | 100.00 | 0      | 100.00
            4 4 4 4 4       | 20    | 0.00       | high | HIGH_DISTRESS RISK_ITEM | 8 | 0.00 | 8 | 0.00
            """)
    void anOrganisationInstrumentScoresFromItsDefinition(String answers, String total, String normalized,
                                                          String band, String flags, String mood,
                                                          String moodNormalized, String energy,
                                                          String energyNormalized) {
        ScoredForm form = scorer.score(registry.require("wellbeing-5"), answers(answers));

        assertEquals(new BigDecimal(total), form.total());
        assertEquals(new BigDecimal(normalized), form.normalized());
        assertEquals(band, form.band());
        assertEquals(flags == null ? List.of() : List.of(flags.split(" ")), form.flags());
        assertEquals(Map.of(
                        "mood", new SubscaleScore(new BigDecimal(mood), new BigDecimal(moodNormalized)),
                        "energy", new SubscaleScore(new BigDecimal(energy), new BigDecimal(energyNormalized))),
                form.subscales());
    }

    @Test
    void aRiskItemIsFlaggedEvenWhenTheFormHasTooManyItemsThatDoNotApply() {
        ScoredForm form = scorer.score(registry.require("wellbeing-5"), answers("4 null null 0 3"));

        assertFalse(form.scorable());
        assertNull(form.total());
        assertEquals(List.of("RISK_ITEM"), form.flags());
    }

    @Test
    void anOrganisationInstrumentsReliableChangeRuleApplies() {
        assertEquals(Optional.of(ReliableChange.IMPROVED),
                registry.require("wellbeing-5").reliableChange(new BigDecimal("12.50"), new BigDecimal("9.5")));
    }

    @Test
    void aRegistryBuiltInCodeRejectsAnInvalidDefinition() {
        InstrumentDefinition valid = registry.require("wellbeing-5");
        InstrumentDefinition invalid = new InstrumentDefinition(valid.id(), valid.version(), valid.title(),
                valid.construct(), valid.administered(), valid.licence(), valid.stem(), valid.items(),
                new Scale(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, false, List.of()), 0,
                valid.subscales(), valid.scoring(), valid.cutoffs(), valid.bands(), valid.riskItems(),
                valid.caseness(), valid.reliableChange(), valid.codes());

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> new InstrumentRegistry(List.of(invalid)));

        assertEquals("instrument wellbeing-5: scale.min must be less than scale.max", e.getMessage());
    }

    @Test
    void anOrganisationDefinitionSaysWhenItIsAdministered() {
        assertEquals(Administered.START, registry.require("wellbeing-5").administered());
        assertEquals(Administered.END, registry.require("srs").administered());
    }

    @Test
    void anOrganisationDefinitionWithoutAdministeredIsRefusedNamingTheFile() throws IOException {
        ObjectNode srs = InstrumentDefinitionLoaderTest.bundledJson("srs");
        srs.remove("administered");
        Path file = organisationDirectory.resolve("srs.json");
        Files.writeString(file, srs.toString());

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> InstrumentRegistry.load(Optional.of(organisationDirectory)));

        assertEquals(file + ": administered is missing", e.getMessage());
    }

    @Test
    void anOrganisationPhq9WithoutItem9AsARiskItemIsRefusedNamingTheFile() throws IOException {
        ObjectNode phq9 = InstrumentDefinitionLoaderTest.bundledJson("phq-9");
        phq9.putArray("riskItems");
        Path file = organisationDirectory.resolve("phq-9.json");
        Files.writeString(file, phq9.toString());

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> InstrumentRegistry.load(Optional.of(organisationDirectory)));

        assertEquals(file.toString(), e.source());
        assertEquals("riskItems", e.field());
        assertTrue(e.getMessage().startsWith(file + ": riskItems must include { \"item\": \"9\", "
                + "\"comparison\": \"greaterThan\", \"value\": 0, \"flag\": \"SAFETY_ITEM\" }"), e.getMessage());
    }

    /** Each rule would miss some answer above 0, fire on 0, or raise a flag that starts no safety alert. */
    @ParameterizedTest(name = "[{index}] item {0} {1} {2} → {3}")
    @CsvSource(textBlock = """
            9, atLeast,     2,   SAFETY_ITEM
            9, greaterThan, 1,   SAFETY_ITEM
            9, atLeast,     0,   SAFETY_ITEM
            9, greaterThan, -1,  SAFETY_ITEM
            9, lessThan,    1,   SAFETY_ITEM
            9, greaterThan, 0,   RISK_ITEM
            8, greaterThan, 0,   SAFETY_ITEM
            """)
    void anOrganisationPhq9ThatLoosensTheSafetyRuleIsRefused(String item, String comparison, int value, String flag)
            throws IOException {
        Path file = writeOrganisationPhq9(item, comparison, value, flag);

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> InstrumentRegistry.load(Optional.of(organisationDirectory)));

        assertEquals(file.toString(), e.source());
        assertEquals("riskItems", e.field());
        assertTrue(e.getMessage().endsWith("the safety rule of phq-9 cannot be configured away"), e.getMessage());
    }

    @Test
    void anOrganisationPhq9MayStateTheSafetyRuleAsAtLeast1() throws IOException {
        writeOrganisationPhq9("9", "atLeast", 1, "SAFETY_ITEM");
        InstrumentRegistry withOwnPhq9 = InstrumentRegistry.load(Optional.of(organisationDirectory));

        assertEquals(List.of("SAFETY_ITEM"),
                scorer.score(withOwnPhq9.require("phq-9"), answers("0 0 0 0 0 0 0 0 1")).flags());
        assertEquals(List.of(), scorer.score(withOwnPhq9.require("phq-9"), answers("3 3 3 3 3 3 3 3 0")).flags());
    }

    @Test
    void anOrganisationPhq9MayAddRiskItemsBesideTheSafetyRule() throws IOException {
        ObjectNode phq9 = InstrumentDefinitionLoaderTest.bundledJson("phq-9");
        ((ArrayNode) phq9.get("riskItems")).addObject()
                .put("item", "2").put("comparison", "atLeast").put("value", 3).put("flag", "HOPELESSNESS");
        Files.writeString(organisationDirectory.resolve("phq-9.json"), phq9.toString());
        InstrumentRegistry withOwnPhq9 = InstrumentRegistry.load(Optional.of(organisationDirectory));

        assertEquals(List.of("HOPELESSNESS", "SAFETY_ITEM"),
                scorer.score(withOwnPhq9.require("phq-9"), answers("0 3 0 0 0 0 0 0 2")).flags());
    }

    @Test
    void aRegistryBuiltInCodeRefusesAPhq9WithoutTheSafetyRule() {
        InstrumentDefinition bundled = Forms.instrument("phq-9");
        InstrumentDefinition unsafe = new InstrumentDefinition(bundled.id(), bundled.version(), bundled.title(),
                bundled.construct(), bundled.administered(), bundled.licence(), bundled.stem(), bundled.items(),
                bundled.scale(), bundled.maxNotApplicable(), bundled.subscales(), bundled.scoring(), bundled.cutoffs(),
                bundled.bands(), List.of(), bundled.caseness(), bundled.reliableChange(), bundled.codes());

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> new InstrumentRegistry(List.of(unsafe)));

        assertEquals("instrument phq-9", e.source());
        assertEquals("riskItems", e.field());
    }

    private Path writeOrganisationPhq9(String item, String comparison, int value, String flag) throws IOException {
        ObjectNode phq9 = InstrumentDefinitionLoaderTest.bundledJson("phq-9");
        ObjectNode risk = (ObjectNode) phq9.get("riskItems").get(0);
        risk.put("item", item).put("comparison", comparison).put("value", value).put("flag", flag);
        Path file = organisationDirectory.resolve("phq-9.json");
        Files.writeString(file, phq9.toString());
        return file;
    }

    @Test
    void aRegistryRejectsTwoDefinitionsWithOneId() {
        InstrumentDefinition srs = registry.require("srs");

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> new InstrumentRegistry(List.of(srs, srs)));

        assertTrue(e.getMessage().endsWith("id is defined twice"), e.getMessage());
    }
}
