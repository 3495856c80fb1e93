package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The realm Keycloak's operator imports is deploy/keycloak/rapport-realm.json, hardened for a
 * cluster (no demo users in prod, code + PKCE only, a password policy, a second factor for admin
 * and supervisor, the overlay's front-end as the only redirect), read from the rendered imports.
 */
class KeycloakRealmTest {

    @BeforeAll
    static void regenerateWhenAsked() {
        if (Boolean.getBoolean("kubernetes.realm.write")) {
            RealmImport.write();
        }
    }

    static JsonNode renderedRealm(String overlay) {
        return Kustomize.overlay(overlay).get("KeycloakRealmImport", "rapport").path("spec").path("realm");
    }

    /** The overlay's web-host (rapport-public is local-config: read from the overlay, never rendered). */
    static String webHost(Rendered r) {
        try {
            return Rendered.YAML.readTree(Repo.overlay(r.overlay()).resolve("public-host.yaml").toFile())
                    .path("data").path("web-host").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The production realm with another front-end host, as components/public-host writes it. */
    static JsonNode withWebHost(JsonNode realm, String host) {
        try {
            return Schemas.STRICT.readTree(realm.toString().replace("https://" + RealmImport.WEB_HOST, "https://" + host));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode c : realm.path("clients")) {
            if (clientId.equals(c.path("clientId").asText())) {
                return c;
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    @Test
    void committedRealmImportFilesAreTheGeneratedOnes() {
        assertEquals(RealmImport.importYaml(), Repo.read(RealmImport.IMPORT_FILE),
                "base/keycloak/realm-import.yaml is not generated from rapport-realm.json: regenerate it (RealmImport)");
        assertEquals(RealmImport.usersPatchYaml(), Repo.read(RealmImport.USERS_PATCH_FILE),
                "overlays/dev/realm-users.yaml is not generated from rapport-realm.json: regenerate it (RealmImport)");
    }

    @Test
    void prodImportsTheProductionRealmWithoutDemoUsers() {
        JsonNode realm = renderedRealm("prod");
        assertEquals(withWebHost(RealmImport.productionRealm(), webHost(Kustomize.overlay("prod"))), realm);
        realm.path("users").forEach(user -> assertTrue(user.has("serviceAccountClientId"), "no demo users in production: " + user));
        assertFalse(realm.toString().contains("\"credentials\""), "no credentials in production's realm");
        assertFalse(realm.toString().contains("local-session-service-secret"), "no local client secret in production's realm");
        JsonNode placeholder = Kustomize.overlay("prod").get("KeycloakRealmImport", "rapport").path("spec").path("placeholders")
                .path("SESSION_SERVICE_CLIENT_SECRET").path("secret");
        assertEquals("session-service-keycloak", placeholder.path("name").asText());
        assertEquals("secret", placeholder.path("key").asText());
    }

    @Test
    void devImportsTheProductionRealmPlusTheDemoUsers() {
        JsonNode realm = renderedRealm("dev");
        assertEquals(RealmImport.realm().path("users"), realm.path("users"));
        assertTrue(realm.path("users").size() > 1);
        ObjectNode rest = realm.deepCopy();
        rest.set("users", RealmImport.productionRealm().path("users"));
        assertEquals(withWebHost(RealmImport.productionRealm(), webHost(Kustomize.overlay("dev"))), rest,
                "the rest is production's realm (client secrets from Secrets), with dev's web host");
    }

    /** What Keycloak reads: the strict keycloak-core representation refuses a misspelt field. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theRealmIsAKeycloakRealmRepresentation(String overlay) {
        assertNull(Schemas.strictError(renderedRealm(overlay), org.keycloak.representations.idm.RealmRepresentation.class));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void theWebClientUsesTheAuthorizationCodeWithPkceOnly(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        JsonNode web = client(renderedRealm(overlay), RealmImport.WEB_CLIENT);
        assertTrue(web.path("publicClient").asBoolean(), "a browser cannot keep a secret");
        assertTrue(web.path("standardFlowEnabled").asBoolean(), "authorization code");
        assertFalse(web.path("directAccessGrantsEnabled").asBoolean(true), "no password grant");
        assertFalse(web.path("implicitFlowEnabled").asBoolean(true), "no implicit flow");
        assertFalse(web.path("serviceAccountsEnabled").asBoolean(true));
        assertEquals("S256", web.path("attributes").path("pkce.code.challenge.method").asText(), "PKCE required, S256");
        String origin = "https://" + webHost(r);
        assertEquals(List.of(origin + "/"), strings(web.path("redirectUris")), "exactly the front-end's redirect URI");
        assertEquals(List.of(origin), strings(web.path("webOrigins")), "exactly the front-end's origin");
        assertEquals(origin + "/", web.path("attributes").path("post.logout.redirect.uris").asText());
        assertFalse(webHost(r).isBlank() || webHost(r).contains("localhost"), overlay + ": web-host " + webHost(r));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void noClientHasThePasswordGrant(String overlay) {
        for (JsonNode c : renderedRealm(overlay).path("clients")) {
            assertFalse(c.path("directAccessGrantsEnabled").asBoolean(false), c.path("clientId").asText() + ": password grant");
            assertFalse(c.path("implicitFlowEnabled").asBoolean(false), c.path("clientId").asText() + ": implicit flow");
            for (JsonNode uri : c.path("redirectUris")) {
                assertFalse(uri.asText().contains("*") || uri.asText().contains("localhost"), c.path("clientId").asText() + ": " + uri);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void passwordsFollowAPolicy(String overlay) {
        String policy = renderedRealm(overlay).path("passwordPolicy").asText();
        Matcher length = Pattern.compile("(?:^| and )length\\((\\d+)\\)").matcher(policy);
        assertTrue(length.find() && Integer.parseInt(length.group(1)) >= 12, "at least 12 characters: " + policy);
        for (String rule : List.of("notUsername", "notEmail", "passwordHistory(")) {
            assertTrue(policy.contains(rule), rule + " in " + policy);
        }
        assertTrue(renderedRealm(overlay).path("bruteForceProtected").asBoolean(), "brute-force protection");
    }

    /**
     * Replays the browser flow for a user of each role: which OTP steps run (Keycloak runs a
     * CONDITIONAL subflow when all its conditions hold; an OTP Form on a user without OTP makes
     * them set one up). admin and supervisor always give an OTP, the others only when they have one.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void adminsAndSupervisorsLogInWithASecondFactor(String overlay) {
        JsonNode realm = renderedRealm(overlay);
        assertEquals("totp", realm.path("otpPolicyType").asText());
        for (String role : List.of("client", "counsellor", "supervisor", "analyst", "admin")) {
            Set<String> roles = effectiveRoles(realm, role);
            assertEquals(List.of("auth-username-password-form", "auth-otp-form"), browserSteps(realm, roles, false),
                    role + " with OTP set up");
            boolean required = role.equals("admin") || role.equals("supervisor");
            assertEquals(required ? List.of("auth-username-password-form", "auth-otp-form") : List.of("auth-username-password-form"),
                    browserSteps(realm, roles, true), role + " without OTP set up");
        }
    }

    /** The local realm (./platform, docker-compose, the e2e suite) keeps its demo conveniences. */
    @Test
    void theLocalRealmKeepsTheDemoConveniences() {
        JsonNode web = client(RealmImport.realm(), RealmImport.WEB_CLIENT);
        assertTrue(web.path("directAccessGrantsEnabled").asBoolean(), "the demos and the e2e suite log in with the password grant");
        assertTrue(RealmImport.realm().path("passwordPolicy").isMissingNode(), "demo users' password is \"rapport\"");
        assertTrue(RealmImport.realm().path("authenticationFlows").isMissingNode(), "no second factor locally");
    }

    @Test
    void theImportTargetsTheKeycloakOfTheSameOverlay() {
        for (String overlay : Repo.OVERLAYS) {
            Rendered r = Kustomize.overlay(overlay);
            String target = r.get("KeycloakRealmImport", "rapport").path("spec").path("keycloakCRName").asText();
            r.get("Keycloak", target);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The role and the realm roles it includes (composites), transitively. */
    static Set<String> effectiveRoles(JsonNode realm, String role) {
        Map<String, JsonNode> byName = new HashMap<>();
        realm.path("roles").path("realm").forEach(r -> byName.put(r.path("name").asText(), r));
        Set<String> roles = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(role));
        while (!todo.isEmpty()) {
            String next = todo.remove(0);
            if (roles.add(next)) {
                assertNotNull(byName.get(next), "role " + next + " is defined");
                byName.get(next).path("composites").path("realm").forEach(c -> todo.add(c.asText()));
            }
        }
        return roles;
    }

    /** The form steps of the realm's browser flow for a user with these roles (after the cookie, which a first login lacks). */
    static List<String> browserSteps(JsonNode realm, Set<String> roles, boolean otpMissing) {
        Map<String, JsonNode> flows = new HashMap<>();
        realm.path("authenticationFlows").forEach(f -> flows.put(f.path("alias").asText(), f));
        Map<String, JsonNode> configs = new HashMap<>();
        realm.path("authenticatorConfig").forEach(c -> configs.put(c.path("alias").asText(), c.path("config")));
        JsonNode browser = flows.get(realm.path("browserFlow").asText());
        assertNotNull(browser, "browserFlow " + realm.path("browserFlow") + " is one of the realm's flows");
        assertTrue(browser.path("topLevel").asBoolean());
        List<String> steps = new ArrayList<>();
        run(browser, flows, configs, roles, otpMissing, steps);
        return steps;
    }

    private static void run(JsonNode flow, Map<String, JsonNode> flows, Map<String, JsonNode> configs, Set<String> roles,
                            boolean otpMissing, List<String> steps) {
        List<JsonNode> executions = new ArrayList<>();
        flow.path("authenticationExecutions").forEach(executions::add);
        executions.sort(java.util.Comparator.comparingInt(e -> e.path("priority").asInt()));
        for (JsonNode e : executions) {
            String requirement = e.path("requirement").asText();
            if (e.path("authenticatorFlow").asBoolean()) {
                JsonNode sub = flows.get(e.path("flowAlias").asText());
                assertNotNull(sub, "subflow " + e.path("flowAlias"));
                if (requirement.equals("CONDITIONAL") && !conditionsHold(sub, configs, roles, otpMissing)) {
                    continue;
                }
                run(sub, flows, configs, roles, otpMissing, steps);
            } else {
                String authenticator = e.path("authenticator").asText();
                if (e.has("authenticatorConfig")) {
                    assertNotNull(configs.get(e.path("authenticatorConfig").asText()), "config " + e.path("authenticatorConfig"));
                }
                // The cookie only skips the forms of a returning user; conditions are evaluated above.
                if (!authenticator.startsWith("conditional-") && !authenticator.equals("auth-cookie")
                        && !requirement.equals("DISABLED")) {
                    steps.add(authenticator);
                }
            }
        }
    }

    private static boolean conditionsHold(JsonNode flow, Map<String, JsonNode> configs, Set<String> roles, boolean otpMissing) {
        boolean any = false;
        for (JsonNode e : flow.path("authenticationExecutions")) {
            String authenticator = e.path("authenticator").asText();
            if (!authenticator.startsWith("conditional-")) {
                continue;
            }
            any = true;
            switch (authenticator) {
                case "conditional-user-role" -> {
                    JsonNode config = configs.get(e.path("authenticatorConfig").asText());
                    boolean holds = roles.contains(config.path("condUserRole").asText());
                    if (holds == config.path("negate").asBoolean(false)) {
                        return false;
                    }
                }
                // "the user has set up what the subflow's authenticators need" (here: OTP)
                case "conditional-user-configured" -> {
                    if (otpMissing) {
                        return false;
                    }
                }
                default -> throw new AssertionError("condition not modelled: " + authenticator);
            }
        }
        assertTrue(any, "a CONDITIONAL subflow without conditions: " + flow.path("alias"));
        return true;
    }
}
