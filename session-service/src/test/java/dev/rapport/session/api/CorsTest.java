package dev.rapport.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.rapport.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The web front-end (module web, http://127.0.0.1:8088) calls the services from its own origin:
 * CORS lets exactly that origin in, with the bearer token header, and no other origin (the
 * configuration is platform-support's, shared by the three services).
 */
@QuarkusTest
class CorsTest {

    private static final String WEB = "http://127.0.0.1:8088";

    @Test
    void theWebOriginMaySendABearerTokenAndReadTheLocationHeader() {
        given().header("Origin", WEB).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/api/sessions").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(WEB))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Methods", containsString("POST"));
        given().header("Origin", WEB).header("Authorization", TestTokens.bearer(UUID.randomUUID(), "counsellor"))
                .get("/api/sessions").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(WEB))
                .header("Access-Control-Expose-Headers", containsString("Location"));
    }

    @Test
    void anyOtherOriginIsNotAllowed() {
        given().header("Origin", "http://127.0.0.1:9999").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/api/sessions").then()
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://elsewhere.example").header("Authorization", TestTokens.bearer(UUID.randomUUID(), "counsellor"))
                .get("/api/sessions").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
