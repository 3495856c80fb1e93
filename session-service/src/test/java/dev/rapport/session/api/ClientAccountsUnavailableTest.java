package dev.rapport.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.rapport.testing.TestTokens;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When the identity provider cannot be asked, scheduling answers 503 with Retry-After and stores nothing. */
@QuarkusTest
@TestProfile(ClientAccountsUnavailableTest.NoKeycloak.class)
class ClientAccountsUnavailableTest {

    public static class NoKeycloak implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rapport.session.client-accounts.check", "true",
                    // nothing listens on port 9 (discard) here: the connection is refused at once
                    "rapport.session.client-accounts.realm-url", "http://127.0.0.1:9/realms/rapport",
                    "rapport.session.client-accounts.secret", "irrelevant");
        }
    }

    @Test
    void anUnreachableIdentityProviderIsA503WithRetryAfter() {
        UUID counsellor = UUID.randomUUID();
        SessionApi.schedule(counsellor, ClientAccountsTest.CLIENT2).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).get("/api/sessions")
                .then().statusCode(200).body("total", equalTo(0));
    }
}
