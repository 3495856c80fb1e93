package dev.rapport.feedback.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Each broken definition is a bundled one with one field spoilt, so only that field can be to blame. */
class InstrumentDefinitionLoaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SAFETY_RULE_MISSING = "riskItems must include { \"item\": \"9\", \"comparison\": "
            + "\"greaterThan\", \"value\": 0, \"flag\": \"SAFETY_ITEM\" } or a rule raised by exactly the same "
            + "answers: the safety rule of phq-9 cannot be configured away";

    private final InstrumentDefinitionLoader loader = new InstrumentDefinitionLoader();

    static Stream<Arguments> brokenDefinitions() {
        return Stream.of(
                // missing and mistyped fields
                broken("phq-9", d -> item(d, 2).remove("id"), "items[2].id is missing"),
                broken("phq-9", d -> item(d, 2).put("id", 3), "items[2].id must be a string"),
                broken("phq-9", d -> d.remove("construct"), "construct is missing"),
                broken("srs", d -> d.remove("administered"), "administered is missing"),
                broken("phq-9", d -> d.remove("scale"), "scale is missing"),
                broken("phq-9", d -> obj(d, "scale").remove("step"), "scale.step is missing"),
                broken("phq-9", d -> obj(d, "scale").put("min", "0"), "scale.min must be a number"),
                broken("phq-9", d -> d.put("scale", "0-3"), "scale must be an object"),
                broken("phq-9", d -> d.put("items", "1..9"), "items must be an array"),
                broken("phq-9", d -> obj(obj(d, "scoring"), "normalization").remove("direction"),
                        "scoring.normalization.direction is missing"),
                broken("phq-9", d -> d.put("maxNotApplicable", 1.5), "maxNotApplicable must be an integer"),
                broken("phq-9", d -> obj(d, "scale").put("notApplicable", "no"),
                        "scale.notApplicable must be true or false"),
                broken("phq-9", d -> item(d, 0).put("text", 42), "items[0].text must be a string or null"),
                // values outside their vocabulary
                broken("phq-9", d -> d.put("construct", "rapport"),
                        "construct must be one of \"alliance\", \"empathy\", \"outcome\""),
                broken("phq-9", d -> obj(d, "scoring").put("rule", "mean"), "scoring.rule must be one of \"sum\""),
                broken("gad-7", d -> d.put("administered", "before"),
                        "administered must be one of \"start\", \"end\""),
                broken("phq-9", d -> obj(d, "scale").put("stepp", 1), "scale.stepp is not a known field"),
                broken("phq-9", d -> d.set("cutoff", d.get("bands")), "cutoff is not a known field"),
                broken("phq-9", d -> d.put("id", "PHQ 9"),
                        "id must be lower-case letters and digits separated by single hyphens, e.g. \"phq-9\""),
                broken("phq-9", d -> d.put("title", " "), "title must not be blank"),
                // items
                broken("phq-9", d -> d.putArray("items"), "items must contain at least one item"),
                broken("phq-9", d -> item(d, 3).put("id", "1"), "items[3].id duplicates items[0].id \"1\""),
                broken("phq-9", d -> item(d, 3).put("id", "item 4"),
                        "items[3].id must consist of letters, digits, '-' or '_'"),
                // scale
                broken("phq-9", d -> obj(d, "scale").put("min", 3), "scale.min must be less than scale.max"),
                broken("phq-9", d -> obj(d, "scale").put("min", 4), "scale.min must be less than scale.max"),
                broken("phq-9", d -> obj(d, "scale").put("step", 0.5), "scale.step must be 1 or 0.1"),
                broken("srs", d -> obj(d, "scale").put("step", 0.01), "scale.step must be 1 or 0.1"),
                broken("phq-9", d -> obj(d, "scale").put("max", 3.5), "scale.max must be a multiple of scale.step"),
                broken("phq-9", d -> ((ObjectNode) arr(obj(d, "scale"), "labels").get(0)).put("value", 4),
                        "scale.labels[0].value must be a possible answer"),
                broken("phq-9", d -> ((ObjectNode) arr(obj(d, "scale"), "labels").get(1)).put("value", 0),
                        "scale.labels[1].value is labelled twice"),
                broken("phq-9", d -> d.put("maxNotApplicable", 1),
                        "maxNotApplicable must be 0 when scale.notApplicable is false"),
                broken("care", d -> d.put("maxNotApplicable", 10),
                        "maxNotApplicable must be less than the number of items (10)"),
                broken("care", d -> d.put("maxNotApplicable", -1), "maxNotApplicable must not be negative"),
                // subscales
                broken("wai-sr", d -> arr(obj(d, "subscales"), "task").add("13"),
                        "subscales.task[4] names unknown item \"13\""),
                broken("wai-sr", d -> arr(obj(d, "subscales"), "goal").add("4"),
                        "subscales.goal[4] names item \"4\" twice"),
                broken("wai-sr", d -> obj(d, "subscales").putArray("bond"), "subscales.bond must name at least one item"),
                broken("wai-sr", d -> item(d, 0).put("subscale", "trust"),
                        "items[0].subscale names unknown subscale \"trust\""),
                broken("wai-sr", d -> item(d, 0).put("subscale", "bond"),
                        "items[0].subscale is \"bond\" but subscales.bond does not list item \"1\""),
                // scoring, bands, flags, risk items, reliable change
                broken("phq-9", d -> obj(obj(d, "scoring"), "normalization").put("max", 30),
                        "scoring.normalization.max must be 27 (9 items × scale.max)"),
                broken("wai-sr", d -> obj(obj(d, "scoring"), "normalization").put("min", 0),
                        "scoring.normalization.min must be 12 (12 items × scale.min)"),
                broken("phq-9", d -> band(d, 1).put("min", 6),
                        "bands[1].min must be 5 so that bands leave no gap and do not overlap"),
                broken("phq-9", d -> band(d, 1).put("min", 4),
                        "bands[1].min must be 5 so that bands leave no gap and do not overlap"),
                broken("phq-9", d -> band(d, 0).put("min", 1), "bands[0].min must be the lowest total, 0"),
                broken("phq-9", d -> band(d, 4).put("max", 26), "bands[4].max must be the highest total, 27"),
                broken("phq-9", d -> band(d, 2).put("name", "mild"), "bands[2].name duplicates another band's name"),
                broken("srs", d -> ((ObjectNode) arr(d, "cutoffs").get(0)).put("flag", "below cutoff"),
                        "cutoffs[0].flag must be upper-case letters, digits and '_', e.g. BELOW_CUTOFF"),
                broken("srs", d -> ((ObjectNode) arr(d, "cutoffs").get(0)).put("of", "items"),
                        "cutoffs[0].of must be one of \"total\", \"anyItem\""),
                broken("phq-9", d -> ((ObjectNode) arr(d, "riskItems").get(0)).put("item", "10"),
                        "riskItems[0].item names unknown item \"10\""),
                broken("phq-9", d -> ((ObjectNode) arr(d, "riskItems").get(0)).put("comparison", ">"),
                        "riskItems[0].comparison must be one of \"lessThan\", \"atMost\", \"greaterThan\", \"atLeast\""),
                broken("phq-9", d -> obj(d, "reliableChange").put("improvement", "increase"),
                        "reliableChange.improvement must be \"decrease\" for a lower-better instrument"),
                broken("ors", d -> obj(d, "reliableChange").put("improvement", "decrease"),
                        "reliableChange.improvement must be \"increase\" for a higher-better instrument"),
                broken("gad-7", d -> obj(d, "reliableChange").put("minimumChange", 0),
                        "reliableChange.minimumChange must be positive"),
                broken("gad-7", d -> ((ObjectNode) arr(d, "codes").get(0)).remove("code"),
                        "codes[0].code is missing"),
                broken("gad-7", d -> code(d, 1).put("of", "8"), "codes[1].of names unknown target \"8\": must be "
                        + "an item id, \"panel\", \"total\" or \"difficulty\""),
                broken("gad-7", d -> code(d, 2).put("of", "1"),
                        "codes[2].of \"1\" already has a code of http://loinc.org in codes[1]"),
                broken("gad-7", d -> code(d, 2).put("code", "69725-0"),
                        "codes[2].code \"69725-0\" is already used by codes[1]"),
                // the safety rule of phq-9 (docs/domain.md, "The safety pathway")
                broken("phq-9", d -> d.putArray("riskItems"), SAFETY_RULE_MISSING),
                broken("phq-9", d -> risk(d, 0).put("value", 2), SAFETY_RULE_MISSING),
                broken("phq-9", d -> risk(d, 0).put("comparison", "atLeast"), SAFETY_RULE_MISSING),
                broken("phq-9", d -> risk(d, 0).put("flag", "RISK_ITEM"), SAFETY_RULE_MISSING));
    }

    @ParameterizedTest(name = "[{index}] {0}.json: {2}")
    @MethodSource("brokenDefinitions")
    void aBrokenDefinitionIsRejectedNamingTheFileAndTheField(String base, Consumer<ObjectNode> spoil,
                                                            String expected) {
        ObjectNode definition = bundledJson(base);
        spoil.accept(definition);
        String source = "instruments/" + base + ".json";

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> loader.parse(source, stream(definition.toString())));

        assertEquals(source + ": " + expected, e.getMessage());
        assertEquals(source, e.source());
        assertTrue(expected.startsWith(e.field() + " "), e.field());
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(textBlock = """
            greaterThan, 0
            atLeast,     1
            greaterThan, 0.5
            """)
    void aPhq9SafetyRuleRaisedByExactlyTheAnswersAbove0IsAccepted(String comparison, BigDecimal value) {
        ObjectNode definition = bundledJson("phq-9");
        risk(definition, 0).put("comparison", comparison).put("value", value);

        InstrumentDefinition phq9 = loader.parse("org/phq-9.json", stream(definition.toString()));

        assertEquals(0, value.compareTo(phq9.riskItems().get(0).value()));
    }

    @Test
    void malformedJsonIsRejectedNamingTheFile() {
        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> loader.parse("org/mood.json", stream("{\"id\": \"mood\",")));

        assertTrue(e.getMessage().startsWith("org/mood.json: is not valid JSON: "), e.getMessage());
    }

    @Test
    void aFieldGivenTwiceIsRejectedRatherThanSilentlyOverwritten() {
        String json = bundledJson("phq-9").toString().replaceFirst("\\{", "{\"id\": \"phq-8\",");

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> loader.parse("org/phq-9.json", stream(json)));

        assertTrue(e.getMessage().startsWith("org/phq-9.json: is not valid JSON: Duplicate field 'id'"),
                e.getMessage());
    }

    @Test
    void aDefinitionThatIsNotAnObjectIsRejected() {
        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> loader.parse("org/list.json", stream("[]")));

        assertEquals("org/list.json: must contain a JSON object", e.getMessage());
    }

    @Test
    void twoFilesOfOneDirectoryDefiningTheSameIdAreRejected(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("a.json"), bundledJson("srs").toString());
        Files.writeString(directory.resolve("b.json"), bundledJson("srs").toString());

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> loader.loadDirectory(directory));

        assertEquals(directory.resolve("b.json") + ": id \"srs\" is already defined by " + directory.resolve("a.json"),
                e.getMessage());
    }

    @Test
    void aBrokenFileInAnOrganisationDirectoryIsNamedByItsPath(@TempDir Path directory) throws IOException {
        ObjectNode definition = bundledJson("srs");
        item(definition, 2).remove("id");
        Files.writeString(directory.resolve("srs.json"), definition.toString());

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> loader.loadDirectory(directory));

        assertEquals(directory.resolve("srs.json") + ": items[2].id is missing", e.getMessage());
    }

    @Test
    void onlyJsonFilesOfAnOrganisationDirectoryAreRead(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("README.md"), "wording supplied under licence");
        Files.writeString(directory.resolve("srs.json"), bundledJson("srs").toString());

        assertEquals(List.of("srs"), loader.loadDirectory(directory).stream().map(InstrumentDefinition::id).toList());
    }

    @Test
    void aMissingOrganisationDirectoryIsRejected(@TempDir Path directory) {
        Path missing = directory.resolve("nowhere");

        InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                () -> loader.loadDirectory(missing));

        assertEquals(missing + ": is not a directory", e.getMessage());
    }

    @Test
    void aBundledFileListedInTheIndexButAbsentIsRejected(@TempDir Path classpath) throws IOException {
        Files.createDirectories(classpath.resolve("instruments"));
        Files.writeString(classpath.resolve("instruments/index.txt"), "# test index\n\nmissing.json\n");
        try (URLClassLoader classLoader = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null)) {
            InstrumentDefinitionLoader isolated = new InstrumentDefinitionLoader(classLoader);

            InvalidInstrumentDefinitionException e = assertThrows(InvalidInstrumentDefinitionException.class,
                    isolated::loadBundled);

            assertEquals("instruments/missing.json: is listed in instruments/index.txt but not on the classpath",
                    e.getMessage());
        }
    }

    @Test
    void everyBundledFileIsListedInTheIndex() throws Exception {
        // Guards against adding a definition file and forgetting index.txt: it would silently not load.
        Path directory = Path.of(getClass().getClassLoader().getResource(InstrumentDefinitionLoader.BUNDLED_INDEX)
                .toURI()).getParent();
        try (Stream<Path> files = Files.list(directory)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .sorted().toList();
            List<String> loaded = loader.loadBundled().stream().map(d -> d.id() + ".json").sorted().toList();
            assertEquals(onDisk, loaded);
        }
    }

    private static Arguments broken(String base, Consumer<ObjectNode> spoil, String expected) {
        return arguments(base, spoil, expected);
    }

    private static ObjectNode item(ObjectNode definition, int index) {
        return (ObjectNode) arr(definition, "items").get(index);
    }

    private static ObjectNode risk(ObjectNode definition, int index) {
        return (ObjectNode) arr(definition, "riskItems").get(index);
    }

    private static ObjectNode code(ObjectNode definition, int index) {
        return (ObjectNode) arr(definition, "codes").get(index);
    }

    private static ObjectNode band(ObjectNode definition, int index) {
        return (ObjectNode) arr(definition, "bands").get(index);
    }

    private static ObjectNode obj(ObjectNode parent, String name) {
        return (ObjectNode) parent.get(name);
    }

    private static ArrayNode arr(ObjectNode parent, String name) {
        return (ArrayNode) parent.get(name);
    }

    static ObjectNode bundledJson(String id) {
        try (InputStream in = InstrumentDefinitionLoaderTest.class.getClassLoader()
                .getResourceAsStream("instruments/" + id + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
