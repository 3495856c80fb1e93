package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The KeycloakRealmImport files, generated from deploy/keycloak/rapport-realm.json (the one realm of
 * every run: ./platform, docker-compose and Kubernetes). The operator wants the realm inline in the
 * resource, so it cannot be a kustomize configMapGenerator:
 * <ul>
 * <li>base/keycloak/realm-import.yaml: the realm without its users (production has no demo users);
 * <li>overlays/dev/realm-users.yaml: a patch that adds the demo users back in dev.
 * </ul>
 * KeycloakRealmTest fails when the files differ from what this writes; to regenerate them:
 * {@code ./mvnw -B -f deploy/kubernetes/validation/pom.xml test -Dtest=KeycloakRealmTest -Dkubernetes.realm.write=true}
 */
final class RealmImport {

    static final Path REALM_FILE = Repo.ROOT.resolve("deploy/keycloak/rapport-realm.json");
    static final Path IMPORT_FILE = Repo.KUBERNETES.resolve("base/keycloak/realm-import.yaml");
    static final Path USERS_PATCH_FILE = Repo.overlay("dev").resolve("realm-users.yaml");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private RealmImport() {
    }

    static ObjectNode realm() {
        try {
            return (ObjectNode) Schemas.STRICT.readTree(Repo.read(REALM_FILE));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(REALM_FILE + " is not JSON", e);
        }
    }

    /** The secret of each confidential client that has one: a placeholder filled from a Secret (see {@link #placeholders}). */
    static final java.util.Map<String, String> CLIENT_SECRETS = java.util.Map.of("session-service", "SESSION_SERVICE_CLIENT_SECRET");

    /**
     * The realm without its demo users (service accounts stay: they are part of the platform), and
     * with a placeholder instead of each client secret the local realm file spells out.
     */
    static ObjectNode realmWithoutUsers() {
        ObjectNode realm = realm().deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode serviceAccounts = realm.arrayNode();
        realm.path("users").forEach(user -> {
            if (user.has("serviceAccountClientId")) {
                serviceAccounts.add(user);
            }
        });
        realm.set("users", serviceAccounts);
        realm.path("clients").forEach(client -> {
            String placeholder = CLIENT_SECRETS.get(client.path("clientId").asText());
            if (placeholder != null) {
                ((ObjectNode) client).put("secret", "${" + placeholder + "}");
            }
        });
        return realm;
    }

    /** spec.placeholders: each client secret from the Secret {@code <clientId>-keycloak}, key {@code secret}. */
    static ObjectNode placeholders() {
        ObjectNode placeholders = YAML.createObjectNode();
        CLIENT_SECRETS.forEach((client, name) -> placeholders.putObject(name).putObject("secret")
                .put("name", client + "-keycloak").put("key", "secret"));
        return placeholders;
    }

    static String importYaml() {
        ObjectNode cr = YAML.createObjectNode();
        cr.put("apiVersion", "k8s.keycloak.org/v2beta1");
        cr.put("kind", "KeycloakRealmImport");
        cr.putObject("metadata").put("name", "rapport");
        ObjectNode spec = cr.putObject("spec");
        // The Keycloak resource of base/keycloak/keycloak.yaml.
        spec.put("keycloakCRName", "keycloak");
        spec.set("realm", realmWithoutUsers());
        spec.set("placeholders", placeholders());
        return header("the realm without its demo users (production has none; overlays/dev adds them), client secrets from Secrets") + yaml(cr);
    }

    static String usersPatchYaml() {
        ObjectNode patch = YAML.createObjectNode();
        patch.put("apiVersion", "k8s.keycloak.org/v2beta1");
        patch.put("kind", "KeycloakRealmImport");
        patch.putObject("metadata").put("name", "rapport");
        JsonNode users = realm().path("users");
        patch.putObject("spec").putObject("realm").set("users", users);
        return header("a patch that adds the realm's demo users (password \"rapport\"): development only") + yaml(patch);
    }

    private static String header(String what) {
        return "# GENERATED from deploy/keycloak/rapport-realm.json: " + what + ".\n"
                + "# Do not edit: change rapport-realm.json, then regenerate (deploy/kubernetes/README.md):\n"
                + "#   ./mvnw -B -f deploy/kubernetes/validation/pom.xml test -Dtest=KeycloakRealmTest -Dkubernetes.realm.write=true\n";
    }

    private static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write() {
        try {
            java.nio.file.Files.writeString(IMPORT_FILE, importYaml());
            java.nio.file.Files.writeString(USERS_PATCH_FILE, usersPatchYaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
