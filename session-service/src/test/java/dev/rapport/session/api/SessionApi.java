package dev.rapport.session.api;

import static io.restassured.RestAssured.given;

import dev.rapport.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/** The session API as a test's caller sees it. */
final class SessionApi {

    private SessionApi() {}

    static ValidatableResponse schedule(UUID counsellor, UUID client) {
        return given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                .contentType(ContentType.JSON)
                .body(Map.of("clientId", client.toString(),
                        "scheduledStart", Instant.now().plus(1, ChronoUnit.DAYS).toString(),
                        "modality", "VIDEO"))
                .post("/api/sessions").then();
    }

    static UUID scheduled(UUID counsellor, UUID client) {
        return UUID.fromString(schedule(counsellor, client).statusCode(201).extract().path("id"));
    }

    static ValidatableResponse change(UUID session, String action, UUID caller, String role) {
        var request = given().header("Authorization", TestTokens.bearer(caller, role));
        // Only cancel takes a body (an optional reason); the other changes take none.
        if (action.equals("cancel")) {
            request.contentType(ContentType.JSON).body("{}");
        }
        return request.post("/api/sessions/{id}/{action}", session, action).then();
    }

    static UUID ended(UUID counsellor, UUID client) {
        UUID session = scheduled(counsellor, client);
        change(session, "start", counsellor, "counsellor").statusCode(200);
        change(session, "end", counsellor, "counsellor").statusCode(200);
        return session;
    }
}
