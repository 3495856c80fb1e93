package dev.rapport.analytics.messaging;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.testing.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A counsellor's view and alerts, and the organisation's summary, as the REST API serves them, numbers read exactly (BigDecimal). */
final class Views {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Views() {}

    static Map<String, Object> view(UUID counsellor, String window) {
        return read(given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                .get("/api/metrics/counsellors/{id}?window=" + window, counsellor).then().statusCode(200).extract().asString());
    }

    /** The organisation's figures, as an analyst reads them. */
    static Map<String, Object> summary(String window) {
        return read(given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "analyst"))
                .get("/api/metrics/summary?window=" + window).then().statusCode(200).extract().asString());
    }

    static List<Map<String, Object>> alerts(UUID counsellor) {
        return readList(given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"))
                .get("/api/metrics/counsellors/{id}/alerts", counsellor).then().statusCode(200).extract().asString());
    }

    static Map<String, Object> read(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() {});
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    static List<Map<String, Object>> readList(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() {});
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }
}
