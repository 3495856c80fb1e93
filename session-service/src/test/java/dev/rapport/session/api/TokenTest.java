package dev.rapport.session.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rapport.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * session-service itself refuses every token that is wrong in one way (expired, another issuer or
 * audience, a signature of another key, a payload changed after signing, no signature), not
 * only the platform end to end: each is a 401, where the right token for the same caller is let in.
 */
@QuarkusTest
class TokenTest {

    private static final String PATH = "/api/sessions";

    @Test
    void everyWrongTokenIsRefusedAndTheRightOneLetIn() {
        UUID caller = UUID.randomUUID();
        given().header("Authorization", TestTokens.bearer(caller, "counsellor")).get(PATH).then().statusCode(200);
        Map<String, String> refused = TestTokens.refused(caller, "counsellor");
        refused.forEach((kind, token) -> {
            Response response = given().header("Authorization", "Bearer " + token).get(PATH);
            assertEquals(401, response.statusCode(), kind);
        });
        assertEquals(7, refused.size());
    }

    @Test
    void aRightlySignedTokenWhoseSubjectIsNotAPersonsIdIsUnauthorizedNotAServerError() {
        given().header("Authorization", "Bearer " + TestTokens.tokenForSubject("service-account-rapport", "counsellor"))
                .get(PATH).then().statusCode(401).contentType("application/problem+json");
    }
}
