package dev.rapport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The events' JSON Schemas (draft 2020-12), one per CloudEvent type and version, each owned by
 * its producer in {@code <module>/src/main/resources/schemas/events/<ce_type>.json} (shared parts
 * in files whose name does not start with {@code rapport.}). Producers' tests check what they
 * write with {@link #assertProduced}, consumers' fixtures with {@link #assertValid}; both read
 * the same files, from the repository.
 *
 * <p>The schemas let consumers accept additions (no {@code additionalProperties: false}); a
 * producer is held tighter: it may write only properties its schema declares, so that an
 * addition is documented before it ships.
 */
public final class EventContracts {

    /** The base of every schema's {@code $id}; a file's {@code $id} is this plus its file name. */
    public static final String BASE = "https://rapport.dev/schemas/events/";
    static final String EVENTS = "src/main/resources/schemas/events";

    private static final Map<String, Path> FILES = load();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(FILES.entrySet().stream().collect(Collectors.toMap(e -> BASE + e.getKey(), e -> read(e.getValue())))));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    /** The AsyncAPI document, relative to the repository's root. */
    public static final String ASYNCAPI = "docs/asyncapi.yaml";
    private static final Map<String, Set<String>> TOPICS = topics();

    private EventContracts() {}

    /** The repository's root: the nearest directory up from the working directory that holds ./platform and pom.xml. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("platform")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("not inside the Rapport repository: " + Path.of("").toAbsolutePath());
    }

    /** Every schema file by file name, across the modules. */
    public static Map<String, Path> files() {
        return FILES;
    }

    /** The event types that have a schema (the files named {@code rapport.*.json}). */
    public static Set<String> types() {
        return FILES.keySet().stream().filter(n -> n.startsWith("rapport.")).map(n -> n.substring(0, n.length() - ".json".length()))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The schema file of a type; fails when the type has none. */
    public static Path schemaFile(String type) {
        Path file = FILES.get(type + ".json");
        if (file == null) {
            throw new AssertionError("no schema for the event type " + type + " (expected <producer>/" + EVENTS + "/" + type + ".json)");
        }
        return file;
    }

    /** The module that owns a type's schema (its producer). */
    public static String owner(String type) {
        return root().relativize(schemaFile(type)).getName(0).toString();
    }

    /** The errors of {@code json} (null for a record without a value) against the type's schema. */
    public static List<String> errors(String type, String json, boolean producer) {
        schemaFile(type);
        Schema schema = SCHEMAS.computeIfAbsent((producer ? "producer:" : "") + type, key -> producer
                // a producer may write only what the schema declares (at the top level)
                ? REGISTRY.getSchema(SchemaLocation.of(BASE + "producer/" + type + ".json"), """
                        {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "%s", "unevaluatedProperties": false}
                        """.formatted(BASE + type + ".json"), InputFormat.JSON)
                : REGISTRY.getSchema(SchemaLocation.of(BASE + type + ".json")));
        List<Error> errors = schema.validate(json == null ? "null" : json, InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        return errors.stream().map(Error::toString).toList();
    }

    /** A consumer's fixture: valid against the type's schema, unknown properties allowed. */
    public static void assertValid(String type, String json) {
        List<String> errors = errors(type, json, false);
        if (!errors.isEmpty()) {
            throw new AssertionError(type + " does not match " + schemaFile(type).getFileName() + ": " + errors + "\n" + json);
        }
    }

    /** What a producer wrote: valid against the type's schema, and nothing the schema does not declare. */
    public static void assertProduced(String type, String json) {
        List<String> errors = errors(type, json, true);
        if (!errors.isEmpty()) {
            throw new AssertionError(type + " as produced does not match " + schemaFile(type).getFileName() + ": " + errors + "\n" + json);
        }
    }

    /** The topics the AsyncAPI document (docs/asyncapi.yaml) puts a type on. */
    public static Set<String> topicsOf(String type) {
        return TOPICS.getOrDefault(type, Set.of());
    }

    /** The type goes to this topic according to docs/asyncapi.yaml. */
    public static void assertTopic(String type, String topic) {
        if (!topicsOf(type).contains(topic)) {
            throw new AssertionError(type + " written to " + topic + ", but docs/asyncapi.yaml has it on " + topicsOf(type));
        }
    }

    /** docs/asyncapi.yaml, parsed. */
    public static JsonNode asyncApi() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(root().resolve(ASYNCAPI).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Type -> the channels (topics) whose messages carry it, by the file name of each message's payload $ref. */
    private static Map<String, Set<String>> topics() {
        JsonNode doc = asyncApi();
        Map<String, Set<String>> topics = new TreeMap<>();
        doc.path("channels").forEach(channel -> channel.path("messages").forEach(ref -> {
            JsonNode message = resolve(doc, ref.path("$ref").asText());
            String payload = message.path("payload").path("schema").path("$ref").asText("");
            String file = payload.substring(payload.lastIndexOf('/') + 1);
            if (file.startsWith("rapport.") && file.endsWith(".json")) {
                topics.computeIfAbsent(file.substring(0, file.length() - ".json".length()), t -> new java.util.TreeSet<>())
                        .add(channel.path("address").asText());
            }
        }));
        return topics;
    }

    /** A local $ref ("#/a/b") in the document. */
    public static JsonNode resolve(JsonNode doc, String ref) {
        if (!ref.startsWith("#/")) {
            throw new AssertionError("not a local $ref: " + ref);
        }
        JsonNode node = doc.at(ref.substring(1));
        if (node.isMissingNode()) {
            throw new AssertionError("$ref " + ref + " does not resolve");
        }
        return node;
    }

    /**
     * A record a service published, as a test read it: it has a {@code ce_type}, its value matches
     * that type's schema with nothing the schema does not declare, and its topic (the tests'
     * prefix taken off) is one docs/asyncapi.yaml gives the type.
     */
    public static void assertProduced(ConsumerRecord<String, String> record) {
        String where = record.topic() + " (partition " + record.partition() + ", offset " + record.offset()
                + ", ce_id " + TopicReader.header(record, "ce_id") + ")";
        String type = TopicReader.header(record, "ce_type");
        try {
            if (type == null) {
                throw new AssertionError("no ce_type header");
            }
            assertProduced(type, record.value());
            assertTopic(type, TestTopics.unprefixed(record.topic()));
        } catch (AssertionError e) {
            throw new AssertionError("The event read from " + where + " breaks its contract: " + e.getMessage(), e);
        }
    }

    /**
     * A consumer's fixture, before a test sends it: it has a {@code ce_type}, its value matches
     * that type's schema (properties the schema does not know are allowed, as consumers must accept
     * them) and its topic is one docs/asyncapi.yaml gives the type.
     */
    public static void assertFixture(ProducerRecord<String, String> record) {
        Header header = record.headers().lastHeader("ce_type");
        String type = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        try {
            if (type == null) {
                throw new AssertionError("no ce_type header");
            }
            assertValid(type, record.value());
            assertTopic(type, TestTopics.unprefixed(record.topic()));
        } catch (AssertionError e) {
            throw new AssertionError("The fixture for " + record.topic() + " (key " + record.key() + ") breaks its contract: "
                    + e.getMessage() + " (a record meant to be unreadable is sent with TestKafka.sendRaw)", e);
        }
    }

    private static Map<String, Path> load() {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root())) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                Path dir = module.resolve(EVENTS);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> schemas = Files.list(dir)) {
                    for (Path file : schemas.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                        Path other = files.put(file.getFileName().toString(), file);
                        if (other != null) {
                            throw new IllegalStateException("two schemas named " + file.getFileName() + ": " + other + " and " + file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
