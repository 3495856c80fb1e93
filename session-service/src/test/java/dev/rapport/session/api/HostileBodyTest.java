package dev.rapport.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.rapport.testing.SendsInvalidRequests;
import dev.rapport.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Findings of the hostile-input suite (e2e HostileInputTest), one per case: JSON that a lenient
 * parser reads one way and another parser another way is refused, not stored, and a body over
 * the size limit is a 413 problem+json.
 */
@QuarkusTest
@SendsInvalidRequests
class HostileBodyTest {

    private final UUID counsellor = UUID.randomUUID();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            // a key twice: which one counts depends on the parser
            "{\"clientId\":\"%s\",\"scheduledStart\":\"%s\",\"modality\":\"VIDEO\",\"modality\":\"VIDEO\"}",
            "{\"clientId\":\"%s\",\"clientId\":\"%1$s\",\"scheduledStart\":\"%s\",\"modality\":\"AUDIO\"}",
            // a second document after the first
            "{\"clientId\":\"%s\",\"scheduledStart\":\"%s\",\"modality\":\"VIDEO\"}garbage",
            "{\"clientId\":\"%s\",\"scheduledStart\":\"%s\",\"modality\":\"VIDEO\"}{}",
            // an enum given by its index
            "{\"clientId\":\"%s\",\"scheduledStart\":\"%s\",\"modality\":0}"})
    void ambiguousJsonIsRefusedAndNothingIsScheduled(String template) {
        String body = String.format(template, UUID.randomUUID(), Instant.now().plus(1, ChronoUnit.DAYS));
        asCounsellor().contentType(ContentType.JSON).body(body).post("/api/sessions").then()
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        asCounsellor().get("/api/sessions").then().statusCode(200).body("total", equalTo(0));
    }

    @ParameterizedTest(name = "reason {0}")
    @ValueSource(strings = {"12345", "true", "1e400", "-0"})
    void aNumberOrBooleanWhereTheDocumentSaysStringIsRefused(String reason) {
        UUID session = SessionApi.scheduled(counsellor, UUID.randomUUID());
        asCounsellor().contentType(ContentType.JSON).body("{\"reason\":" + reason + "}")
                .post("/api/sessions/{id}/cancel", session).then()
                .statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("reason"));
        asCounsellor().get("/api/sessions/{id}", session).then().statusCode(200).body("status", equalTo("SCHEDULED"));
    }

    @Test
    void aBodyOverTheLimitIsA413Problem() {
        String padded = "{\"reason\":\"" + "x".repeat(65 * 1024) + "\"}";
        UUID session = SessionApi.scheduled(counsellor, UUID.randomUUID());
        asCounsellor().contentType(ContentType.JSON).body(padded).post("/api/sessions/{id}/cancel", session).then()
                .statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        asCounsellor().get("/api/sessions/{id}", session).then().statusCode(200).body("status", equalTo("SCHEDULED"));
    }

    @Test
    void aBodyThatIsNotJsonIsA415Problem() {
        UUID session = SessionApi.scheduled(counsellor, UUID.randomUUID());
        asCounsellor().contentType(ContentType.TEXT).body("{\"reason\":\"x\"}").post("/api/sessions/{id}/cancel", session).then()
                .statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
    }

    @Test
    void aBodyWithoutContentTypeIsA415ProblemAndNothingIsScheduled() {
        byte[] body = String.format("{\"clientId\":\"%s\",\"scheduledStart\":\"%s\",\"modality\":\"VIDEO\"}",
                UUID.randomUUID(), Instant.now().plus(1, ChronoUnit.DAYS)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // REST Assured always names a content type for a body: this one is taken away again
        asCounsellor().body(body).filter((request, response, context) -> {
            request.removeHeader("Content-Type");
            return context.next(request, response);
        }).post("/api/sessions").then()
                .statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        asCounsellor().get("/api/sessions").then().statusCode(200).body("total", equalTo(0));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"page=abc", "size=18446744073709551616", "page=1.5", "size=NaN", "page=0x10"})
    void aQueryParameterThatIsNoIntegerIsA400NotA404(String query) {
        asCounsellor().get("/api/sessions?" + query).then()
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }

    private RequestSpecification asCounsellor() {
        return given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"));
    }
}
