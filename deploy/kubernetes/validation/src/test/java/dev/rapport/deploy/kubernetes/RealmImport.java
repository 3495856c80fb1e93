package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The KeycloakRealmImport files, generated from deploy/keycloak/rapport-realm.json (the one realm of
 * every run: ./platform, docker-compose and Kubernetes). The operator wants the realm inline in the
 * resource, so it cannot be a kustomize configMapGenerator:
 * <ul>
 * <li>base/keycloak/realm-import.yaml: the production realm ({@link #productionRealm()}: no demo users, hardened);
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

    /** The public client of the web front-end. */
    static final String WEB_CLIENT = "rapport-web";

    /**
     * The front-end's address in the base; components/public-host replaces the host with each
     * overlay's (rapport-public, key web-host): redirect URIs and web origins are set per overlay.
     */
    static final String WEB_HOST = "rapport.example.org";

    /** The realm role whose holders log in with a second factor; admin and supervisor include it. */
    static final String SECOND_FACTOR_ROLE = "second-factor-required";

    static final List<String> SECOND_FACTOR_FOR = List.of("admin", "supervisor");

    /** Keycloak's password policy syntax (Authentication > Policies). */
    static final String PASSWORD_POLICY = "length(12) and maxLength(128) and notUsername and notEmail and passwordHistory(5)";

    static final String BROWSER_FLOW = "rapport browser";

    /**
     * The production realm: rapport-realm.json without its demo users (service accounts stay: they
     * are part of the platform), a placeholder instead of each client secret the local realm file
     * spells out, and hardened where the local realm keeps conveniences for demos and tests:
     * <ul>
     * <li>rapport-web: authorization code with PKCE (S256) only, no password grant, exact redirect
     * URI and web origin of the overlay's front-end instead of any localhost port;
     * <li>a password policy;
     * <li>a second factor (TOTP) for admin and supervisor: the browser flow asks holders of
     * {@value #SECOND_FACTOR_ROLE} (a role that admin and supervisor include) for an OTP, and has
     * them set one up at their first login; others are asked only when they have set one up.
     * </ul>
     */
    static ObjectNode productionRealm() {
        ObjectNode realm = realm().deepCopy();
        ArrayNode serviceAccounts = realm.arrayNode();
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
            if (WEB_CLIENT.equals(client.path("clientId").asText())) {
                hardenWebClient((ObjectNode) client);
            }
        });
        realm.put("passwordPolicy", PASSWORD_POLICY);
        realm.put("otpPolicyType", "totp");
        realm.put("otpPolicyAlgorithm", "HmacSHA1");
        realm.put("otpPolicyDigits", 6);
        realm.put("otpPolicyPeriod", 30);
        secondFactor(realm);
        return realm;
    }

    private static void hardenWebClient(ObjectNode client) {
        String origin = "https://" + WEB_HOST;
        client.put("publicClient", true);
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", false);
        client.put("implicitFlowEnabled", false);
        client.put("serviceAccountsEnabled", false);
        // The front-end's redirect URI is its origin with "/" (web/.../js/auth.js, redirectUri()).
        client.set("redirectUris", client.arrayNode().add(origin + "/"));
        client.set("webOrigins", client.arrayNode().add(origin));
        ObjectNode attributes = client.has("attributes") ? (ObjectNode) client.get("attributes") : client.putObject("attributes");
        attributes.put("pkce.code.challenge.method", "S256");
        attributes.put("post.logout.redirect.uris", origin + "/");
    }

    private static void secondFactor(ObjectNode realm) {
        ArrayNode roles = (ArrayNode) realm.path("roles").path("realm");
        for (JsonNode role : roles) {
            if (SECOND_FACTOR_FOR.contains(role.path("name").asText())) {
                ((ObjectNode) role).put("composite", true);
                ((ObjectNode) role).putObject("composites").putArray("realm").add(SECOND_FACTOR_ROLE);
            }
        }
        roles.addObject().put("name", SECOND_FACTOR_ROLE)
                .put("description", "Logs in with a second factor (TOTP): included in " + String.join(" and ", SECOND_FACTOR_FOR) + ".")
                .put("composite", false).put("clientRole", false);

        ArrayNode configs = realm.putArray("authenticatorConfig");
        configs.addObject().put("alias", "holds " + SECOND_FACTOR_ROLE).putObject("config")
                .put("condUserRole", SECOND_FACTOR_ROLE).put("negate", "false");
        configs.addObject().put("alias", "lacks " + SECOND_FACTOR_ROLE).putObject("config")
                .put("condUserRole", SECOND_FACTOR_ROLE).put("negate", "true");

        ArrayNode flows = realm.putArray("authenticationFlows");
        ObjectNode browser = flow(flows, BROWSER_FLOW, "basic-flow", true,
                "Keycloak's browser flow, with a second factor required for " + String.join(" and ", SECOND_FACTOR_FOR));
        execution(browser, "auth-cookie", "ALTERNATIVE", 10, null);
        subflow(browser, BROWSER_FLOW + " forms", "ALTERNATIVE", 20);

        ObjectNode forms = flow(flows, BROWSER_FLOW + " forms", "basic-flow", false, "Username and password, then the second factor");
        execution(forms, "auth-username-password-form", "REQUIRED", 10, null);
        subflow(forms, BROWSER_FLOW + " second factor required", "CONDITIONAL", 20);
        subflow(forms, BROWSER_FLOW + " second factor when set up", "CONDITIONAL", 30);

        // OTP Form on a user without OTP has them set it up (required action CONFIGURE_TOTP).
        ObjectNode required = flow(flows, BROWSER_FLOW + " second factor required", "basic-flow", false,
                "Holders of " + SECOND_FACTOR_ROLE + ": always an OTP");
        execution(required, "conditional-user-role", "REQUIRED", 10, "holds " + SECOND_FACTOR_ROLE);
        execution(required, "auth-otp-form", "REQUIRED", 20, null);

        ObjectNode optional = flow(flows, BROWSER_FLOW + " second factor when set up", "basic-flow", false,
                "Everyone else: an OTP when they have set one up (never asked twice)");
        execution(optional, "conditional-user-role", "REQUIRED", 10, "lacks " + SECOND_FACTOR_ROLE);
        execution(optional, "conditional-user-configured", "REQUIRED", 20, null);
        execution(optional, "auth-otp-form", "REQUIRED", 30, null);

        realm.put("browserFlow", BROWSER_FLOW);
    }

    private static ObjectNode flow(ArrayNode flows, String alias, String providerId, boolean topLevel, String description) {
        ObjectNode flow = flows.addObject();
        flow.put("alias", alias).put("description", description).put("providerId", providerId)
                .put("topLevel", topLevel).put("builtIn", false);
        flow.putArray("authenticationExecutions");
        return flow;
    }

    private static void execution(ObjectNode flow, String authenticator, String requirement, int priority, String config) {
        ObjectNode e = ((ArrayNode) flow.get("authenticationExecutions")).addObject();
        if (config != null) {
            e.put("authenticatorConfig", config);
        }
        e.put("authenticator", authenticator).put("authenticatorFlow", false).put("requirement", requirement)
                .put("priority", priority).put("userSetupAllowed", false);
    }

    private static void subflow(ObjectNode flow, String alias, String requirement, int priority) {
        ((ArrayNode) flow.get("authenticationExecutions")).addObject()
                .put("authenticatorFlow", true).put("requirement", requirement).put("priority", priority)
                .put("flowAlias", alias).put("userSetupAllowed", false);
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
        spec.set("realm", productionRealm());
        spec.set("placeholders", placeholders());
        return header("the production realm: no demo users (overlays/dev adds them), client secrets from Secrets, rapport-web with code + PKCE only, a password policy, a second factor for admin and supervisor") + yaml(cr);
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
