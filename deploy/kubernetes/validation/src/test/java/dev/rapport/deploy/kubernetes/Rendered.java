package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The objects of one rendered overlay, as JSON trees. */
record Rendered(String overlay, List<ObjectNode> objects) {

    static final YAMLMapper YAML = new YAMLMapper();

    static Rendered parse(String overlay, String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    if (!doc.isObject()) {
                        throw new AssertionError(overlay + ": a YAML document that is not an object: " + doc);
                    }
                    objects.add((ObjectNode) doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(overlay, List.copyOf(objects));
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    /** A generated ConfigMap by its name before kustomize's hash suffix. */
    ObjectNode configMap(String baseName) {
        List<ObjectNode> found = ofKind("ConfigMap").stream()
                .filter(o -> name(o).equals(baseName) || name(o).matches(java.util.regex.Pattern.quote(baseName) + "-[a-z0-9]{10}"))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(overlay + ": expected one ConfigMap " + baseName + "(-hash), found " + found.size());
        }
        return found.get(0);
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static String id(JsonNode o) {
        return o.path("apiVersion").asText() + "/" + o.path("kind").asText() + " " + name(o);
    }
}
