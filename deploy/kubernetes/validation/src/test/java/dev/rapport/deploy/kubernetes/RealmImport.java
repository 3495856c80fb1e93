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

    static ObjectNode realmWithoutUsers() {
        ObjectNode realm = realm().deepCopy();
        realm.remove("users");
        return realm;
    }

    static String importYaml() {
        ObjectNode cr = YAML.createObjectNode();
        cr.put("apiVersion", "k8s.keycloak.org/v2alpha1");
        cr.put("kind", "KeycloakRealmImport");
        cr.putObject("metadata").put("name", "rapport");
        ObjectNode spec = cr.putObject("spec");
        // The Keycloak resource of base/keycloak/keycloak.yaml.
        spec.put("keycloakCRName", "keycloak");
        spec.set("realm", realmWithoutUsers());
        return header("the realm without its users: production has no demo users; overlays/dev adds them") + yaml(cr);
    }

    static String usersPatchYaml() {
        ObjectNode patch = YAML.createObjectNode();
        patch.put("apiVersion", "k8s.keycloak.org/v2alpha1");
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
