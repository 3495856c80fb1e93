package dev.rapport.feedback.domain;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads instrument definition files: the ones bundled under {@code instruments/} on the
 * classpath (listed in {@code instruments/index.txt}, because a directory inside a jar cannot be
 * listed portably) and the {@code *.json} files of an organisation's directory.
 *
 * <p>The only class of the domain that knows Jackson. It walks the JSON tree by hand instead of
 * binding it, so that every error names the file and the field ({@code items[2].id is missing});
 * unknown fields are errors too, because a misspelt cut-off silently ignored would mis-flag
 * clients.
 */
public final class InstrumentDefinitionLoader {

    public static final String BUNDLED_INDEX = "instruments/index.txt";
    private static final String BUNDLED_DIRECTORY = "instruments/";

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final ClassLoader classLoader;

    public InstrumentDefinitionLoader() {
        this(InstrumentDefinitionLoader.class.getClassLoader());
    }

    public InstrumentDefinitionLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** The definitions that ship with the service, in index order. */
    public List<InstrumentDefinition> loadBundled() {
        List<InstrumentDefinition> definitions = new ArrayList<>();
        List<String> sources = bundledFileNames().stream().map(name -> BUNDLED_DIRECTORY + name).toList();
        for (String source : sources) {
            try (InputStream in = classLoader.getResourceAsStream(source)) {
                if (in == null) {
                    throw new InvalidInstrumentDefinitionException(source, null,
                            "is listed in " + BUNDLED_INDEX + " but not on the classpath");
                }
                definitions.add(parse(source, in));
            } catch (IOException e) {
                throw new InvalidInstrumentDefinitionException(source, null, "cannot be read", e);
            }
        }
        return requireDistinctIds(definitions, sources);
    }

    /** Every {@code *.json} file directly inside {@code directory}, ordered by file name. */
    public List<InstrumentDefinition> loadDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInstrumentDefinitionException(directory.toString(), null, "is not a directory");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new InvalidInstrumentDefinitionException(directory.toString(), null, "cannot be listed", e);
        }
        files.sort(Path::compareTo);
        List<InstrumentDefinition> definitions = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                definitions.add(parse(file.toString(), in));
            } catch (IOException e) {
                throw new InvalidInstrumentDefinitionException(file.toString(), null, "cannot be read", e);
            }
        }
        return requireDistinctIds(definitions, files.stream().map(Path::toString).toList());
    }

    /**
     * Parses and validates one definition.
     *
     * @param source names the definition in error messages, e.g. "instruments/srs.json"
     */
    public InstrumentDefinition parse(String source, InputStream json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidInstrumentDefinitionException(source, null, "is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new InvalidInstrumentDefinitionException(source, null, "cannot be read", e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInstrumentDefinitionException(source, null, "must contain a JSON object");
        }
        InstrumentDefinition definition = new Reader(source).definition(root);
        InstrumentDefinitionValidator.validate(source, definition);
        return definition;
    }

    private List<String> bundledFileNames() {
        try (InputStream in = classLoader.getResourceAsStream(BUNDLED_INDEX)) {
            if (in == null) {
                throw new InvalidInstrumentDefinitionException(BUNDLED_INDEX, null, "is not on the classpath");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .toList();
            }
        } catch (IOException e) {
            throw new InvalidInstrumentDefinitionException(BUNDLED_INDEX, null, "cannot be read", e);
        }
    }

    private static List<InstrumentDefinition> requireDistinctIds(List<InstrumentDefinition> definitions,
                                                                 List<String> sources) {
        Map<String, String> sourceById = new HashMap<>();
        for (int i = 0; i < definitions.size(); i++) {
            String earlier = sourceById.putIfAbsent(definitions.get(i).id(), sources.get(i));
            if (earlier != null) {
                throw new InvalidInstrumentDefinitionException(sources.get(i), "id",
                        "\"" + definitions.get(i).id() + "\" is already defined by " + earlier);
            }
        }
        return List.copyOf(definitions);
    }

    /** Turns the JSON tree into records, naming the path of the first thing that does not fit. */
    private record Reader(String source) {

        InstrumentDefinition definition(JsonNode root) {
            onlyKnownFields(root, "", "id", "version", "title", "construct", "administered", "licence", "stem",
                    "items", "scale", "maxNotApplicable", "subscales", "scoring", "cutoffs", "bands", "riskItems",
                    "caseness", "reliableChange", "codes");
            return new InstrumentDefinition(
                    text(root, "", "id"),
                    text(root, "", "version"),
                    text(root, "", "title"),
                    choice(root, "", "construct", Construct.values(), Construct::jsonName),
                    choice(root, "", "administered", Administered.values(), Administered::jsonName),
                    text(root, "", "licence"),
                    optionalText(root, "", "stem"),
                    list(root, "", "items", true, this::item),
                    scale(object(root, "", "scale", true), "scale"),
                    optionalInt(root, "", "maxNotApplicable", 0),
                    subscales(root),
                    scoring(object(root, "", "scoring", true), "scoring"),
                    list(root, "", "cutoffs", false, this::cutoff),
                    list(root, "", "bands", false, this::band),
                    list(root, "", "riskItems", false, this::riskItem),
                    caseness(object(root, "", "caseness", false), "caseness"),
                    reliableChange(object(root, "", "reliableChange", false), "reliableChange"),
                    list(root, "", "codes", false, this::code));
        }

        private Item item(JsonNode node, String path) {
            onlyKnownFields(node, path, "id", "text", "label", "subscale");
            return new Item(text(node, path, "id"), optionalText(node, path, "text"),
                    optionalText(node, path, "label"), optionalText(node, path, "subscale"));
        }

        private Scale scale(JsonNode node, String path) {
            onlyKnownFields(node, path, "min", "max", "step", "notApplicable", "labels");
            return new Scale(number(node, path, "min"), number(node, path, "max"), number(node, path, "step"),
                    optionalBoolean(node, path, "notApplicable", false),
                    list(node, path, "labels", false, this::answerLabel));
        }

        private AnswerLabel answerLabel(JsonNode node, String path) {
            onlyKnownFields(node, path, "value", "label");
            return new AnswerLabel(number(node, path, "value"), text(node, path, "label"));
        }

        private Map<String, List<String>> subscales(JsonNode root) {
            JsonNode node = object(root, "", "subscales", false);
            Map<String, List<String>> subscales = new LinkedHashMap<>();
            if (node == null) {
                return subscales;
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                subscales.put(name, list(node, "subscales", name, true,
                        (item, itemPath) -> textValue(item, itemPath)));
            }
            return subscales;
        }

        private Scoring scoring(JsonNode node, String path) {
            onlyKnownFields(node, path, "rule", "normalization");
            return new Scoring(choice(node, path, "rule", ScoringRule.values(), ScoringRule::jsonName),
                    normalization(object(node, path, "normalization", true), path + ".normalization"));
        }

        private Normalization normalization(JsonNode node, String path) {
            onlyKnownFields(node, path, "min", "max", "direction");
            return new Normalization(number(node, path, "min"), number(node, path, "max"),
                    choice(node, path, "direction", Direction.values(), Direction::jsonName));
        }

        private Cutoff cutoff(JsonNode node, String path) {
            onlyKnownFields(node, path, "flag", "of", "comparison", "value", "concern", "note");
            return new Cutoff(text(node, path, "flag"),
                    choice(node, path, "of", CutoffTarget.values(), CutoffTarget::jsonName),
                    choice(node, path, "comparison", Comparison.values(), Comparison::jsonName),
                    number(node, path, "value"), optionalBoolean(node, path, "concern", false),
                    optionalText(node, path, "note"));
        }

        /** Only of the total: caseness is a statement about the whole score. */
        private Caseness caseness(JsonNode node, String path) {
            if (node == null) {
                return null;
            }
            onlyKnownFields(node, path, "of", "comparison", "value", "note");
            choice(node, path, "of", new CutoffTarget[] {CutoffTarget.TOTAL}, CutoffTarget::jsonName);
            return new Caseness(choice(node, path, "comparison", Comparison.values(), Comparison::jsonName),
                    number(node, path, "value"), optionalText(node, path, "note"));
        }

        private Band band(JsonNode node, String path) {
            onlyKnownFields(node, path, "name", "min", "max");
            return new Band(text(node, path, "name"), number(node, path, "min"), number(node, path, "max"));
        }

        private RiskItem riskItem(JsonNode node, String path) {
            onlyKnownFields(node, path, "item", "comparison", "value", "flag", "note");
            return new RiskItem(text(node, path, "item"),
                    choice(node, path, "comparison", Comparison.values(), Comparison::jsonName),
                    number(node, path, "value"), text(node, path, "flag"), optionalText(node, path, "note"));
        }

        private ReliableChangeRule reliableChange(JsonNode node, String path) {
            if (node == null) {
                return null;
            }
            onlyKnownFields(node, path, "improvement", "minimumChange", "note");
            return new ReliableChangeRule(
                    choice(node, path, "improvement", ChangeDirection.values(), ChangeDirection::jsonName),
                    number(node, path, "minimumChange"), optionalText(node, path, "note"));
        }

        private Code code(JsonNode node, String path) {
            onlyKnownFields(node, path, "system", "code", "of");
            return new Code(text(node, path, "system"), text(node, path, "code"), text(node, path, "of"));
        }

        // --- field access -------------------------------------------------------------------

        private interface ElementReader<T> {
            T read(JsonNode node, String path);
        }

        private <T> List<T> list(JsonNode parent, String parentPath, String name, boolean required,
                                 ElementReader<T> reader) {
            String path = join(parentPath, name);
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    throw fail(path, "is missing");
                }
                return List.of();
            }
            if (!node.isArray()) {
                throw fail(path, "must be an array");
            }
            List<T> elements = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                elements.add(reader.read(node.get(i), path + "[" + i + "]"));
            }
            return elements;
        }

        private JsonNode object(JsonNode parent, String parentPath, String name, boolean required) {
            String path = join(parentPath, name);
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    throw fail(path, "is missing");
                }
                return null;
            }
            if (!node.isObject()) {
                throw fail(path, "must be an object");
            }
            return node;
        }

        private String text(JsonNode parent, String parentPath, String name) {
            String path = join(parentPath, name);
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                throw fail(path, "is missing");
            }
            return textValue(node, path);
        }

        private String textValue(JsonNode node, String path) {
            if (!node.isTextual()) {
                throw fail(path, "must be a string");
            }
            return node.textValue();
        }

        private String optionalText(JsonNode parent, String parentPath, String name) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                throw fail(join(parentPath, name), "must be a string or null");
            }
            return node.textValue();
        }

        private BigDecimal number(JsonNode parent, String parentPath, String name) {
            String path = join(parentPath, name);
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                throw fail(path, "is missing");
            }
            if (!node.isNumber()) {
                throw fail(path, "must be a number");
            }
            return node.decimalValue();
        }

        private int optionalInt(JsonNode parent, String parentPath, String name, int defaultValue) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                return defaultValue;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw fail(join(parentPath, name), "must be an integer");
            }
            return node.intValue();
        }

        private boolean optionalBoolean(JsonNode parent, String parentPath, String name, boolean defaultValue) {
            JsonNode node = parent.get(name);
            if (node == null || node.isNull()) {
                return defaultValue;
            }
            if (!node.isBoolean()) {
                throw fail(join(parentPath, name), "must be true or false");
            }
            return node.booleanValue();
        }

        private <E extends Enum<E>> E choice(JsonNode parent, String parentPath, String name, E[] values,
                                             Function<E, String> jsonName) {
            String text = text(parent, parentPath, name);
            Optional<E> match = Arrays.stream(values).filter(v -> jsonName.apply(v).equals(text)).findFirst();
            return match.orElseThrow(() -> fail(join(parentPath, name), "must be one of "
                    + Arrays.stream(values).map(v -> "\"" + jsonName.apply(v) + "\"").collect(Collectors.joining(", "))));
        }

        private void onlyKnownFields(JsonNode node, String path, String... known) {
            if (!node.isObject()) {
                throw fail(path, "must be an object");
            }
            Set<String> knownNames = Set.of(known);
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!knownNames.contains(name)) {
                    throw fail(join(path, name), "is not a known field");
                }
            }
        }

        private InvalidInstrumentDefinitionException fail(String path, String problem) {
            return new InvalidInstrumentDefinitionException(source, path, problem);
        }

        private static String join(String parentPath, String name) {
            return parentPath.isEmpty() ? name : parentPath + "." + name;
        }
    }
}
