package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The operators' CustomResourceDefinitions as published, vendored whole in deploy/kubernetes/crds
 * (versions and sources in its README.md): one entry per version a CRD declares.
 */
final class Crds {

    static final Path DIR = Repo.KUBERNETES.resolve("crds");

    /** One version of one CRD: what the API server would do with an object of that apiVersion and kind. */
    record Version(String group, String version, String kind, boolean served, boolean deprecated,
                   JsonNode schema, Path file) {

        String apiVersion() {
            return group + "/" + version;
        }
    }

    /** "group/version/Kind" -> the version. */
    private static final Map<String, Version> VERSIONS = load();

    private Crds() {
    }

    static Optional<Version> find(String apiVersion, String kind) {
        return Optional.ofNullable(VERSIONS.get(apiVersion + "/" + kind));
    }

    static List<Version> all() {
        return List.copyOf(VERSIONS.values());
    }

    /** The vendored files (not the README). */
    static List<Path> files() {
        try (Stream<Path> paths = Files.walk(DIR)) {
            return paths.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Version> load() {
        Map<String, Version> versions = new LinkedHashMap<>();
        for (Path file : files()) {
            try (var parser = new YAMLFactory().createParser(file.toFile())) {
                var docs = Rendered.YAML.readValues(parser, JsonNode.class);
                while (docs.hasNext()) {
                    JsonNode crd = docs.next();
                    if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                        continue;
                    }
                    String group = crd.path("spec").path("group").asText();
                    String kind = crd.path("spec").path("names").path("kind").asText();
                    for (JsonNode v : crd.path("spec").path("versions")) {
                        Version version = new Version(group, v.path("name").asText(), kind,
                                v.path("served").asBoolean(false), v.path("deprecated").asBoolean(false),
                                v.path("schema").path("openAPIV3Schema"), file);
                        Version previous = versions.put(version.apiVersion() + "/" + kind, version);
                        if (previous != null) {
                            throw new IllegalStateException(version.apiVersion() + "/" + kind + " in both "
                                    + previous.file() + " and " + file);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file.toString(), e);
            }
        }
        return versions;
    }
}
