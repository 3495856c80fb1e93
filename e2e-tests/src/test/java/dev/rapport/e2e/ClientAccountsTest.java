package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * As deployed (session-service's own service account against the real Keycloak): a counsellor
 * schedules for a client account, and not for another person's account or an arbitrary id.
 */
class ClientAccountsTest {

    @Test
    void onlyClientAccountsCanBeScheduled() {
        schedule(Platform.CLIENT1).statusCode(201);
        schedule(Platform.COUNSELLOR1).statusCode(422).contentType("application/problem+json")
                .body("violations.field", hasItem("clientId"));
        schedule(UUID.randomUUID()).statusCode(422).contentType("application/problem+json");
    }

    private static io.restassured.response.ValidatableResponse schedule(UUID client) {
        return given().header("Authorization", Platform.bearer("counsellor1")).contentType(ContentType.JSON)
                .body(Map.of("clientId", client.toString(), "scheduledStart", Instant.now().plus(1, ChronoUnit.DAYS).toString(),
                        "modality", "VIDEO"))
                .post(Platform.SESSIONS + "/api/sessions").then();
    }
}
