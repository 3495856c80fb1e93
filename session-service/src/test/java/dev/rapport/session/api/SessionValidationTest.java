package dev.rapport.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.rapport.testing.TestTokens;
import dev.rapport.testing.SendsInvalidRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input is a 4xx problem+json that names what is wrong; never a 500, never a stored row. */
@QuarkusTest
@SendsInvalidRequests
class SessionValidationTest {

    private final UUID counsellor = UUID.randomUUID();

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"clientId\":\"not-a-uuid\",\"scheduledStart\":\"2030-01-01T10:00:00Z\",\"modality\":\"VIDEO\"} | 400 | clientId",
            "{\"clientId\":\"" + "11111111-1111-4111-8111-111111111111" + "\",\"scheduledStart\":\"tomorrow\",\"modality\":\"VIDEO\"} | 400 | scheduledStart",
            "{\"clientId\":\"11111111-1111-4111-8111-111111111111\",\"scheduledStart\":\"2030-01-01T10:00:00Z\",\"modality\":\"TELEPATHY\"} | 400 | modality",
            "{\"clientId\":\"11111111-1111-4111-8111-111111111111\",\"scheduledStart\":\"2030-01-01T10:00:00Z\",\"modality\":\"VIDEO\",\"notes\":\"x\"} | 400 | notes",
            "{\"scheduledStart\":\"2030-01-01T10:00:00Z\",\"modality\":\"VIDEO\"} | 400 | clientId",
            "{\"clientId\":\"11111111-1111-4111-8111-111111111111\",\"modality\":\"VIDEO\"} | 400 | scheduledStart",
            "{\"clientId\":\"11111111-1111-4111-8111-111111111111\",\"scheduledStart\":\"2030-01-01T10:00:00Z\"} | 400 | modality",
            "{\"clientId\":42,\"scheduledStart\":\"2030-01-01T10:00:00Z\",\"modality\":\"VIDEO\"} | 400 | clientId"})
    void aBadScheduleRequestNamesTheField(String body, int status, String field) {
        asCounsellor().contentType(ContentType.JSON).body(body).post("/api/sessions").then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("violations.field", hasItem(field));
    }

    @Test
    void malformedJsonIsABadRequest() {
        asCounsellor().contentType(ContentType.JSON).body("{\"clientId\": ").post("/api/sessions").then()
                .statusCode(400).contentType("application/problem+json").body("title", equalTo("Malformed JSON"));
    }

    @Test
    void aSessionMoreThanAYearAheadIsRefused() {
        asCounsellor().contentType(ContentType.JSON)
                .body("{\"clientId\":\"" + UUID.randomUUID() + "\",\"scheduledStart\":\"" + Instant.now().plus(400, ChronoUnit.DAYS) + "\",\"modality\":\"VIDEO\"}")
                .post("/api/sessions").then()
                .statusCode(400).body("violations.field", hasItem("scheduledStart"));
        asCounsellor().get("/api/sessions").then().statusCode(200).body("total", equalTo(0));
    }

    @ParameterizedTest(name = "{0} → 400 {1}")
    @CsvSource({
            "size=101, size", "size=0, size", "page=-1, page", "status=FINISHED, status",
            "from=2025-01-01T00:00:00Z&to=2026-06-01T00:00:00Z, to", "from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z, to",
            "from=yesterday, from"})
    void listingParametersAreCapped(String query, String field) {
        asCounsellor().get("/api/sessions?" + query).then()
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", contains(field));
    }

    @Test
    void anUnknownSessionIsNotFound() {
        asCounsellor().get("/api/sessions/{id}", UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, ''", "POST, /start", "POST, /end", "POST, /no-show", "POST, /cancel"})
    void aMalformedSessionIdIsABadRequestNamingTheParameter(String method, String action) {
        asCounsellor().contentType(ContentType.JSON).body("{}").request(method, "/api/sessions/not-a-uuid" + action).then()
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", contains("id"))
                .body("detail", equalTo("id must be a UUID"));
    }

    @Test
    void anOverlongCancelReasonIsRefused() {
        UUID session = SessionApi.scheduled(counsellor, UUID.randomUUID());
        asCounsellor().contentType(ContentType.JSON).body("{\"reason\":\"" + "x".repeat(501) + "\"}")
                .post("/api/sessions/{id}/cancel", session).then()
                .statusCode(400).body("violations.field", hasItem("reason"));
    }

    private RequestSpecification asCounsellor() {
        return given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"));
    }
}
