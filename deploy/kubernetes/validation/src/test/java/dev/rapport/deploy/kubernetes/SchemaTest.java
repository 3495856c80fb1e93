package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every rendered object parses against its kind's model or CRD schema, and a misspelt field is caught. */
class SchemaTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectIsValidForItsKind(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        List<String> errors = r.objects().stream().flatMap(o -> Schemas.violations(o).stream()).toList();
        assertEquals(List.of(), errors, overlay + ": invalid objects");
    }

    /** A field name misspelt at some depth of one object of each kind family: each must be refused. */
    static Stream<Arguments> typos() {
        return Stream.of(
                // kind, name, JSON pointer of the object holding the field, field, misspelling
                Arguments.of("Deployment", "analytics-service", "/spec/template/spec/containers/0/readinessProbe/httpGet", "path", "pth"),
                Arguments.of("Deployment", "session-service", "/spec/template/spec/containers/0/securityContext", "readOnlyRootFilesystem", "readOnlyRootFileSystem"),
                Arguments.of("Deployment", "feedback-service", "/spec/template/spec", "securityContext", "securityContex"),
                Arguments.of("Service", "session-service", "/spec/ports/0", "targetPort", "targetport"),
                Arguments.of("HorizontalPodAutoscaler", "analytics-service", "/spec", "maxReplicas", "maxReplica"),
                Arguments.of("PodDisruptionBudget", "feedback-service", "/spec", "maxUnavailable", "maxUnavailble"),
                Arguments.of("NetworkPolicy", "rapport-db", "/spec/ingress/0/from/0", "podSelector", "podselector"),
                Arguments.of("Ingress", "rapport-api", "/spec/rules/0/http/paths/0", "pathType", "pathtype"),
                Arguments.of("ServiceMonitor", "analytics-service", "/spec/endpoints/0", "path", "pth"),
                Arguments.of("Kafka", "rapport", "/spec/kafka", "listeners", "listners"),
                Arguments.of("Kafka", "rapport", "/spec/kafka/listeners/0/authentication", "type", "typ"),
                Arguments.of("KafkaNodePool", "broker", "/spec", "replicas", "replica"),
                Arguments.of("KafkaTopic", "session-events", "/spec", "partitions", "partition"),
                Arguments.of("KafkaUser", "analytics-service", "/spec/authorization/acls/0/resource", "patternType", "pattern"),
                Arguments.of("Cluster", "rapport-db", "/spec", "instances", "instance"),
                Arguments.of("Cluster", "rapport-db", "/spec/managed/roles/0", "passwordSecret", "passwordSecrets"),
                Arguments.of("Cluster", "rapport-db", "/spec/resources", "limits", "limit"),
                Arguments.of("Database", "rapport-feedback", "/spec", "owner", "ownr"),
                Arguments.of("Keycloak", "keycloak", "/spec/hostname", "backchannelDynamic", "backChannelDynamic"),
                Arguments.of("Keycloak", "keycloak", "/spec/db", "usernameSecret", "userNameSecret"),
                Arguments.of("KeycloakRealmImport", "rapport", "/spec/realm", "sslRequired", "sslRequird"),
                Arguments.of("KeycloakRealmImport", "rapport", "/spec/realm/clients/0", "redirectUris", "redirectURIs"),
                Arguments.of("KeycloakRealmImport", "rapport", "/spec/realm/authenticationFlows/0", "authenticationExecutions", "executions"),
                Arguments.of("PrometheusRule", "rapport", "/spec/groups/0/rules/0", "expr", "expression"));
    }

    @ParameterizedTest(name = "{0} {1}: {3} -> {4}")
    @MethodSource("typos")
    void aMisspeltFieldIsRejected(String kind, String name, String pointer, String field, String typo) {
        ObjectNode object = Kustomize.overlay("prod").get(kind, name).deepCopy();
        assertEquals(List.of(), Schemas.violations(object), "the original is valid");
        JsonNode holder = object.at(pointer);
        assertTrue(holder.isObject() && holder.has(field), pointer + " has no field " + field);
        ObjectNode parent = (ObjectNode) holder;
        parent.set(typo, parent.remove(field));

        List<String> errors = Schemas.violations(object);
        assertFalse(errors.isEmpty(), "a misspelt " + field + " (" + typo + ") was accepted in " + kind + " " + name);
        assertTrue(errors.stream().anyMatch(e -> e.contains(typo)), "the error names the field: " + errors);
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        ObjectNode topic = Kustomize.overlay("prod").get("KafkaTopic", "alerts").deepCopy();
        ((ObjectNode) topic.get("spec")).put("partitions", "6");
        assertFalse(Schemas.violations(topic).isEmpty(), "partitions: \"6\" (a string) was accepted");

        ObjectNode cluster = Kustomize.overlay("prod").get("Cluster", "rapport-db").deepCopy();
        ((ObjectNode) cluster.get("spec")).put("primaryUpdateStrategy", "sometimes");
        assertFalse(Schemas.violations(cluster).isEmpty(), "an enum value outside the CRD's was accepted");
    }

    /** kafka.strimzi.io/v1beta2 (Strimzi 0.x) and k8s.keycloak.org/v2alpha1 (deprecated) are not what the operators serve. */
    @Test
    void aVersionTheVendoredOperatorsDoNotServeIsRejected() {
        ObjectNode kafka = Kustomize.overlay("prod").get("Kafka", "rapport").deepCopy();
        kafka.put("apiVersion", "kafka.strimzi.io/v1beta2");
        assertFalse(Schemas.violations(kafka).isEmpty(), "v1beta2 was accepted");
        ObjectNode keycloak = Kustomize.overlay("prod").get("Keycloak", "keycloak").deepCopy();
        keycloak.put("apiVersion", "k8s.keycloak.org/v2alpha1");
        assertFalse(Schemas.violations(keycloak).isEmpty(), "v2alpha1 was accepted");
    }

    /** Beyond field names: the full CRDs' patterns, enums and required fields apply. */
    @Test
    void theFullSchemasConstraintsApply() {
        ObjectNode user = Kustomize.overlay("prod").get("KafkaUser", "session-service").deepCopy();
        ((ObjectNode) user.at("/spec/authorization/acls/0")).putArray("operations").add("Wrte");
        assertTrue(Schemas.violations(user).stream().anyMatch(e -> e.contains("Wrte")), "an ACL operation outside the CRD's enum");
        ObjectNode pool = Kustomize.overlay("prod").get("KafkaNodePool", "broker").deepCopy();
        ((ObjectNode) pool.get("spec")).remove("roles");
        assertTrue(Schemas.violations(pool).stream().anyMatch(e -> e.contains("roles")), "a required field missing");
    }

    @Test
    void aKindWithoutModelOrSchemaIsRejected() {
        ObjectNode unknown = Rendered.YAML.createObjectNode();
        unknown.put("apiVersion", "example.com/v1").put("kind", "Widget").putObject("metadata").put("name", "w");
        assertFalse(Schemas.violations(unknown).isEmpty());
    }

    /**
     * End to end on the files: a copy of deploy/kubernetes with one field misspelt in a base
     * manifest still renders (kustomize checks nothing) and is then refused.
     */
    @Test
    void aTypoInACopyOfTheManifestsFailsValidation(@org.junit.jupiter.api.io.TempDir Path tmp) {
        Path copy = tmp.resolve("kubernetes");
        copyTree(Repo.KUBERNETES, copy);
        Path file = copy.resolve("base/services/analytics-service.yaml");
        String original = Repo.read(file);
        String broken = original.replaceFirst("readinessProbe:", "readinesProbe:");
        assertTrue(!broken.equals(original));
        write(file, broken);

        Rendered r = Rendered.parse("prod-copy", Kustomize.render(copy.resolve("overlays/prod")));
        List<String> errors = r.objects().stream().flatMap(o -> Schemas.violations(o).stream()).toList();
        if (errors.stream().noneMatch(e -> e.contains("readinesProbe"))) {
            fail("the misspelt readinessProbe was not reported: " + errors);
        }
        assertEquals(1, errors.size(), "only the broken object is reported: " + errors);
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path rel = from.relativize(p);
                if (rel.startsWith("validation")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theStrictReaderIsStricterThanJacksonsDefault() {
        // fabric8 keeps unknown fields in additionalProperties: the plain mapper accepts a typo.
        ObjectNode probe = Rendered.YAML.createObjectNode().put("pth", "/q/health/live");
        assertThrows(Exception.class, () -> Schemas.STRICT.treeToValue(probe, io.fabric8.kubernetes.api.model.HTTPGetAction.class));
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .convertValue(probe, io.fabric8.kubernetes.api.model.HTTPGetAction.class)
                .getAdditionalProperties().containsKey("pth"));
    }
}
