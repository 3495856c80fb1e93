package dev.rapport.analytics.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rapport.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * analytics-service itself refuses every token that is wrong in one way (expired, another issuer or
 * audience, a signature of another key, a payload changed after signing, no signature), not
 * only the platform end to end: each is a 401, where the right token for the same caller is let in.
 */
@QuarkusTest
class TokenTest {

    private static final String PATH = "/api/metrics/summary";

    @Inject
    MeterRegistry registry;

    @Test
    void everyWrongTokenIsRefusedAndTheRightOneLetIn() {
        UUID caller = UUID.randomUUID();
        given().header("Authorization", TestTokens.bearer(caller, "analyst")).get(PATH).then().statusCode(200);
        Map<String, String> refused = TestTokens.refused(caller, "analyst");
        refused.forEach((kind, token) -> {
            Response response = given().header("Authorization", "Bearer " + token).get(PATH);
            assertEquals(401, response.statusCode(), kind);
        });
        assertEquals(7, refused.size());
    }

    /**
     * A token verified once is served from the verified tokens (platform-support's
     * VerifiedTokenIdentities) until it expires, and refused from then on: the cache never
     * outlives the token's {@code exp}. A token that differs from it in its signature is verified,
     * and refused, while the right one is kept.
     */
    @Test
    void aVerifiedTokenIsServedWithoutVerifyingItAgainUntilItExpires() {
        UUID caller = UUID.randomUUID();
        String token = TestTokens.token(caller, Duration.ofSeconds(4), "analyst");
        given().header("Authorization", "Bearer " + token).get(PATH).then().statusCode(200);
        double hits = hits();
        given().header("Authorization", "Bearer " + token).get(PATH).then().statusCode(200);
        assertEquals(hits + 1, hits(), "the second request is served from the verified tokens");

        String anotherSignature = TestTokens.token(caller, "analyst").split("\\.")[2];
        String signatureChanged = token.substring(0, token.lastIndexOf('.') + 1) + anotherSignature;
        given().header("Authorization", "Bearer " + signatureChanged).get(PATH).then().statusCode(401);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() ->
                given().header("Authorization", "Bearer " + token).get(PATH).statusCode() == 401);
    }

    private double hits() {
        return registry.get("rapport.security.verified.tokens").tag("result", "hit").counter().count();
    }
}
