package dev.rapport.feedback.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.rapport.testing.TestTokens;
import dev.rapport.testing.SendsInvalidRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A path id that is not a UUID is the client's mistake: 400 problem+json naming the parameter, not 404. */
@SendsInvalidRequests
@QuarkusTest
class MalformedPathIdTest {

    @ParameterizedTest(name = "{0} {1} as {2}")
    @CsvSource({
            "GET,  /api/sessions/not-a-uuid/feedback,      client,     sessionId",
            "POST, /api/sessions/not-a-uuid/feedback,      client,     sessionId",
            "GET,  /api/alerts/safety/not-a-uuid,          counsellor, id",
            "POST, /api/alerts/safety/not-a-uuid/acknowledge, counsellor, id",
            "POST, /api/alerts/safety/not-a-uuid/resolve,  supervisor, id"})
    void aMalformedPathIdIsABadRequestNamingTheParameter(String method, String path, String role, String parameter) {
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), role))
                .contentType(ContentType.JSON).body("{}")
                .request(method, path).then()
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", equalTo(parameter + " must be a UUID"))
                .body("violations.field", contains(parameter));
    }
}
