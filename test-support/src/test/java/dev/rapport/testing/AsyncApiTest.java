package dev.rapport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml is a valid AsyncAPI 3.0 document that describes every topic of
 * deploy/topology.yaml with its producers and consumers, and every event schema file.
 */
class AsyncApiTest {

    private static final JsonNode DOC = EventContracts.asyncApi();
    private static final Path DOCS = EventContracts.root().resolve(EventContracts.ASYNCAPI).getParent();

    @Test
    void isAValidAsyncApi3Document() throws IOException {
        JsonNode schema;
        try (InputStream in = AsyncApiTest.class.getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        var errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema).validate(DOC);
        assertEquals(List.of(), errors.stream().map(Object::toString).toList());
        assertEquals("3.0.0", DOC.path("asyncapi").asText());
    }

    @Test
    void everyRefResolves() {
        List<String> broken = new ArrayList<>();
        refs(DOC, ref -> {
            if (ref.startsWith("#/")) {
                if (DOC.at(ref.substring(1)).isMissingNode()) {
                    broken.add(ref);
                }
            } else if (!Files.isRegularFile(DOCS.resolve(ref).normalize())) {
                broken.add(ref + " (no such file)");
            }
        });
        assertEquals(List.of(), broken);
    }

    @Test
    void everyEventSchemaIsAMessagesPayloadAndItsCeTypeIsTheSchemasType() {
        Set<String> referenced = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        DOC.path("components").path("messages").fields().forEachRemaining(entry -> {
            String ref = entry.getValue().path("payload").path("schema").path("$ref").asText(null);
            if (ref == null) {
                return; // the dead letter: any value
            }
            Path file = DOCS.resolve(ref).normalize();
            String type = file.getFileName().toString().replaceFirst("\\.json$", "");
            referenced.add(type);
            if (!file.equals(EventContracts.schemaFile(type).normalize())) {
                problems.add(entry.getKey() + ": " + ref + " is not the schema file of " + type);
            }
            String ceType = entry.getValue().path("headers").path("allOf").path(1).path("properties").path("ce_type").path("const").asText();
            if (!type.equals(ceType) || !type.equals(entry.getValue().path("name").asText())) {
                problems.add(entry.getKey() + ": name and ce_type must be " + type);
            }
        });
        assertEquals(List.of(), problems);
        assertEquals(EventContracts.types(), referenced, "every event schema file is a message's payload");
    }

    @Test
    void itsChannelsAreTheTopologysTopicsWithTheirProducersAndConsumers() throws IOException {
        JsonNode topology = new ObjectMapper(new YAMLFactory()).readTree(EventContracts.root().resolve("deploy/topology.yaml").toFile());
        Map<String, Set<String>> expectedSend = new TreeMap<>();
        Map<String, Set<String>> expectedReceive = new TreeMap<>();
        topology.path("topics").fields().forEachRemaining(t -> {
            Set<String> producers = expectedSend.computeIfAbsent(t.getKey(), k -> new TreeSet<>());
            t.getValue().path("producers").forEach(p -> producers.add(p.asText()));
            Set<String> consumers = expectedReceive.computeIfAbsent(t.getKey(), k -> new TreeSet<>());
            t.getValue().path("consumers").fields().forEachRemaining(c -> {
                consumers.add(c.getKey());
                String dlq = c.getValue().path("deadLetter").asText(null);
                if (dlq != null) {
                    expectedSend.computeIfAbsent(dlq, k -> new TreeSet<>()).add(c.getKey());
                    expectedReceive.computeIfAbsent(dlq, k -> new TreeSet<>());
                }
            });
        });

        Set<String> addresses = new TreeSet<>();
        DOC.path("channels").forEach(c -> addresses.add(c.path("address").asText()));
        assertEquals(expectedSend.keySet(), addresses, "a channel per topic of deploy/topology.yaml");

        Map<String, Set<String>> send = new TreeMap<>();
        Map<String, Set<String>> receive = new TreeMap<>();
        addresses.forEach(a -> {
            send.put(a, new TreeSet<>());
            receive.put(a, new TreeSet<>());
        });
        DOC.path("operations").forEach(op -> {
            String address = EventContracts.resolve(DOC, op.path("channel").path("$ref").asText()).path("address").asText();
            ("send".equals(op.path("action").asText()) ? send : receive).get(address).add(op.path("x-service").asText());
        });
        assertEquals(expectedSend, send, "who sends on each topic");
        assertEquals(expectedReceive, receive, "who receives from each topic");
    }

    private static void refs(JsonNode node, java.util.function.Consumer<String> ref) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    ref.accept(e.getValue().asText());
                } else {
                    refs(e.getValue(), ref);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> refs(child, ref));
        }
    }
}
