package dev.rapport.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The realm Keycloak's operator imports is deploy/keycloak/rapport-realm.json: minus users in prod, whole in dev. */
class KeycloakRealmTest {

    @BeforeAll
    static void regenerateWhenAsked() {
        if (Boolean.getBoolean("kubernetes.realm.write")) {
            RealmImport.write();
        }
    }

    @Test
    void committedRealmImportFilesAreTheGeneratedOnes() {
        assertEquals(RealmImport.importYaml(), Repo.read(RealmImport.IMPORT_FILE),
                "base/keycloak/realm-import.yaml is not generated from rapport-realm.json: regenerate it (RealmImport)");
        assertEquals(RealmImport.usersPatchYaml(), Repo.read(RealmImport.USERS_PATCH_FILE),
                "overlays/dev/realm-users.yaml is not generated from rapport-realm.json: regenerate it (RealmImport)");
    }

    @Test
    void prodImportsTheRealmFileWithoutItsUsers() {
        JsonNode realm = Kustomize.overlay("prod").get("KeycloakRealmImport", "rapport").path("spec").path("realm");
        assertEquals(RealmImport.realmWithoutUsers(), realm);
        realm.path("users").forEach(user -> assertTrue(user.has("serviceAccountClientId"), "no demo users in production: " + user));
        assertFalse(realm.toString().contains("\"credentials\""), "no credentials in production's realm");
        assertFalse(realm.toString().contains("local-session-service-secret"), "no local client secret in production's realm");
        JsonNode placeholder = Kustomize.overlay("prod").get("KeycloakRealmImport", "rapport").path("spec").path("placeholders")
                .path("SESSION_SERVICE_CLIENT_SECRET").path("secret");
        assertEquals("session-service-keycloak", placeholder.path("name").asText());
        assertEquals("secret", placeholder.path("key").asText());
    }

    @Test
    void devImportsTheWholeRealmFileWithItsDemoUsers() {
        JsonNode realm = Kustomize.overlay("dev").get("KeycloakRealmImport", "rapport").path("spec").path("realm");
        assertEquals(RealmImport.realm().path("users"), realm.path("users"));
        assertTrue(realm.path("users").size() > 1);
        com.fasterxml.jackson.databind.node.ObjectNode rest = realm.deepCopy();
        rest.set("users", RealmImport.realmWithoutUsers().path("users"));
        assertEquals(RealmImport.realmWithoutUsers(), rest, "the rest is production's realm (client secrets from Secrets)");
    }

    @Test
    void theImportTargetsTheKeycloakOfTheSameOverlay() {
        for (String overlay : Repo.OVERLAYS) {
            Rendered r = Kustomize.overlay(overlay);
            String target = r.get("KeycloakRealmImport", "rapport").path("spec").path("keycloakCRName").asText();
            r.get("Keycloak", target);
        }
    }
}
