package dev.rapport.session.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A counsellor schedules sessions for client accounts only: asked of the real Keycloak (the
 * realm of deploy/keycloak/rapport-realm.json, its demo users), with session-service's own
 * service account.
 */
@QuarkusTest
@TestProfile(ClientAccountsTest.RealKeycloak.class)
class ClientAccountsTest {

    static final UUID CLIENT2 = UUID.fromString("33333333-3333-4333-8333-333333333332");
    static final UUID COUNSELLOR1 = UUID.fromString("11111111-1111-4111-8111-111111111111");

    public static class RealKeycloak implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rapport.session.client-accounts.check", "true",
                    "rapport.session.client-accounts.realm-url", System.getProperty("rapport.keycloak.url", "http://127.0.0.1:8180") + "/realms/rapport",
                    "rapport.session.client-accounts.secret", "local-session-service-secret");
        }
    }

    @Test
    void aSessionIsScheduledForAClientAccount() {
        SessionApi.schedule(COUNSELLOR1, CLIENT2).statusCode(201);
        // Confirmed once, believed for a while: the second schedule does not ask again (and succeeds).
        SessionApi.schedule(COUNSELLOR1, CLIENT2).statusCode(201);
    }

    @Test
    void anAccountWithoutTheClientRoleIsRefusedNamingTheField() {
        SessionApi.schedule(UUID.randomUUID(), COUNSELLOR1).statusCode(422)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("clientId"));
    }

    @Test
    void anIdThatIsNoAccountIsRefused() {
        SessionApi.schedule(COUNSELLOR1, UUID.randomUUID()).statusCode(422)
                .contentType("application/problem+json")
                .body("detail", equalTo("clientId is not a client account"));
    }
}
