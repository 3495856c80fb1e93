package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vendored CRDs are the ones crds/README.md names, whole, and the validator honours every keyword they use. */
class CrdTest {

    @Test
    void everyVendoredFileHasTheChecksumTheReadmeGives() {
        Map<String, String> listed = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^([0-9a-f]{64})  (\\S+)$").matcher(Repo.read(Crds.DIR.resolve("README.md")));
        while (m.find()) {
            listed.put(m.group(2), m.group(1));
        }
        Map<String, String> actual = new TreeMap<>();
        for (Path file : Crds.files()) {
            actual.put(Crds.DIR.relativize(file).toString(), sha256(file));
        }
        assertEquals(listed, actual, "deploy/kubernetes/crds/README.md lists other files or checksums");
    }

    @Test
    void theVendoredCrdsAreWhole() {
        // A trimmed copy would have a handful of fields; the published ones describe every option.
        Map<String, Integer> minimumFields = Map.of("Kafka", 1000, "KafkaNodePool", 100, "KafkaTopic", 5, "KafkaUser", 20,
                "Cluster", 500, "Database", 10, "Keycloak", 300, "KeycloakRealmImport", 300,
                "ServiceMonitor", 50, "PrometheusRule", 10);
        for (Crds.Version v : Crds.all()) {
            if (!v.served()) {
                continue;
            }
            int fields = countProperties(v.schema());
            assertTrue(fields >= minimumFields.getOrDefault(v.kind(), 1),
                    v.apiVersion() + "/" + v.kind() + " declares only " + fields + " fields: not the whole CRD?");
        }
    }

    @Test
    void theValidatorKnowsEveryKeywordOfTheVendoredSchemas() {
        Set<String> unknown = new TreeSet<>();
        for (Crds.Version v : Crds.all()) {
            keywords(v.schema(), unknown);
        }
        assertEquals(Set.of(), unknown, "keywords Schemas.validate does not handle");
    }

    @Test
    void everyCustomResourceUsesAServedCurrentVersionOfAVendoredCrd() {
        for (String overlay : Repo.OVERLAYS) {
            for (ObjectNode o : Kustomize.overlay(overlay).objects()) {
                String key = o.path("apiVersion").asText() + "/" + o.path("kind").asText();
                if (Schemas.MODELS.containsKey(key)) {
                    continue;
                }
                var version = Crds.find(o.path("apiVersion").asText(), o.path("kind").asText());
                assertTrue(version.isPresent(), overlay + ": " + Rendered.id(o) + " has no vendored CRD");
                assertTrue(version.get().served(), overlay + ": " + Rendered.id(o) + ": version not served");
                assertFalse(version.get().deprecated(), overlay + ": " + Rendered.id(o) + ": version deprecated");
            }
        }
    }

    @Test
    void theKafkaVersionIsOneTheVendoredStrimziRunsWithItsMetadataVersion() {
        JsonNode versions = readYaml(Crds.DIR.resolve("strimzi/kafka-versions.yaml"));
        for (String overlay : Repo.OVERLAYS) {
            JsonNode kafka = Kustomize.overlay(overlay).get("Kafka", "rapport").path("spec").path("kafka");
            String version = kafka.path("version").asText();
            JsonNode entry = null;
            for (JsonNode v : versions) {
                if (version.equals(v.path("version").asText())) {
                    entry = v;
                }
            }
            assertTrue(entry != null && entry.path("supported").asBoolean(false),
                    overlay + ": Kafka " + version + " is not supported by the vendored Strimzi");
            assertEquals(entry.path("metadata").asText(), kafka.path("metadataVersion").asText(),
                    overlay + ": metadataVersion of Kafka " + version);
        }
    }

    /** Not a check: lists what only the API server evaluates, for the README's "only a real cluster shows". */
    @Test
    void celRulesThatApplyAreListed() {
        List<String> rules = new ArrayList<>();
        for (ObjectNode o : Kustomize.overlay("prod").objects()) {
            List<String> found = new ArrayList<>();
            Schemas.violations(o, found);
            found.forEach(r -> rules.add(Rendered.id(o) + " " + r));
        }
        System.out.println("CEL rules not evaluated here (" + rules.size() + "):");
        rules.forEach(r -> System.out.println("  " + r));
    }

    private static int countProperties(JsonNode schema) {
        int count = 0;
        if (schema.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().equals("properties")) {
                    count += e.getValue().size();
                    for (JsonNode child : e.getValue()) {
                        count += countProperties(child);
                    }
                } else if (e.getValue().isContainerNode() && !e.getKey().equals("enum") && !e.getKey().equals("default")) {
                    count += countProperties(e.getValue());
                }
            }
        } else if (schema.isArray()) {
            for (JsonNode child : schema) {
                count += countProperties(child);
            }
        }
        return count;
    }

    /** Collects the keywords of a schema (not the names of its properties) that Schemas does not know. */
    private static void keywords(JsonNode schema, Set<String> unknown) {
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            var e = it.next();
            String keyword = e.getKey();
            if (!Schemas.KEYWORDS.contains(keyword)) {
                unknown.add(keyword);
            }
            switch (keyword) {
                case "properties" -> e.getValue().forEach(p -> keywords(p, unknown));
                case "items", "not" -> keywords(e.getValue(), unknown);
                case "additionalProperties" -> {
                    if (e.getValue().isObject()) {
                        keywords(e.getValue(), unknown);
                    }
                }
                case "anyOf", "oneOf", "allOf" -> e.getValue().forEach(b -> keywords(b, unknown));
                default -> {
                    // a value (description, enum, default, ...), not a schema
                }
            }
        }
    }

    private static JsonNode readYaml(Path file) {
        try {
            return Rendered.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
