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
        assertFalse(realm.has("users"), "no demo users in production");
        assertFalse(realm.toString().contains("\"credentials\""), "no credentials in production's realm");
    }

    @Test
    void devImportsTheWholeRealmFileWithItsDemoUsers() {
        JsonNode realm = Kustomize.overlay("dev").get("KeycloakRealmImport", "rapport").path("spec").path("realm");
        assertEquals(RealmImport.realm(), realm);
        assertTrue(realm.path("users").size() > 0);
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
