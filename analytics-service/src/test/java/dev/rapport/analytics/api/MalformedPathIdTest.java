package dev.rapport.analytics.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.rapport.testing.TestTokens;
import dev.rapport.testing.SendsInvalidRequests;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A path id that is not a UUID is the client's mistake: 400 problem+json naming the parameter, not 404. */
@SendsInvalidRequests
@QuarkusTest
class MalformedPathIdTest {

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
            "/api/metrics/counsellors/not-a-uuid,        admin, counsellorId",
            "/api/metrics/counsellors/not-a-uuid/alerts, admin, counsellorId",
            "/api/metrics/counsellors/not-a-uuid/stream, admin, counsellorId",
            "/api/admin/rebuild/not-a-uuid,              admin, id"})
    void aMalformedPathIdIsABadRequestNamingTheParameter(String path, String role, String parameter) {
        given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), role))
                .get(path).then()
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", equalTo(parameter + " must be a UUID"))
                .body("violations.field", contains(parameter));
    }
}
