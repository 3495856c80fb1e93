package dev.rapport.analytics.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.rapport.testing.TestTokens;
import dev.rapport.testing.SendsInvalidRequests;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** docs/api.md's who-may-see-what, endpoint by endpoint and role by role. */
@QuarkusTest
class MetricsAuthorizationTest {

    private static final List<String> ROLES = List.of("client", "counsellor", "supervisor", "analyst", "admin");
    private final UUID counsellor = UUID.randomUUID();

    /** Path → the roles that get 200 (a counsellor only on their own id, tested apart). */
    private Map<String, List<String>> matrix() {
        return Map.of(
                "/api/metrics/counsellors/" + counsellor, List.of("supervisor", "analyst", "admin"),
                "/api/metrics/counsellors/" + counsellor + "/alerts", List.of("supervisor", "admin"),
                "/api/metrics/counsellors", List.of("supervisor", "analyst", "admin"),
                "/api/metrics/summary", List.of("supervisor", "analyst", "admin"),
                "/api/metrics/export?format=csv", List.of("analyst", "admin"));
    }

    @Test
    void everyEndpointAnswersEachRoleAsApiMdSays() {
        matrix().forEach((path, allowed) -> {
            given().get(path).then().statusCode(401);
            given().header("Authorization", "Bearer " + TestTokens.tokenForAnotherAudience(UUID.randomUUID(), "admin"))
                    .get(path).then().statusCode(401);
            for (String role : ROLES) {
                given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), role)).get(path)
                        .then().statusCode(allowed.contains(role) ? 200 : 403);
            }
        });
    }

    @Test
    void aCounsellorSeesTheirOwnViewAndAlertsOnly() {
        String own = TestTokens.bearer(counsellor, "counsellor");
        given().header("Authorization", own).get("/api/metrics/counsellors/{id}", counsellor).then().statusCode(200)
                .body("counsellorId", equalTo(counsellor.toString())).body("window", equalTo("30d"));
        given().header("Authorization", own).get("/api/metrics/counsellors/{id}/alerts", counsellor).then().statusCode(200);
        UUID other = UUID.randomUUID();
        given().header("Authorization", own).get("/api/metrics/counsellors/{id}", other).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        given().header("Authorization", own).get("/api/metrics/counsellors/{id}/alerts", other).then().statusCode(403);
    }

    @Test
    @SendsInvalidRequests
    void badParametersAreProblemsThatNameTheParameter() {
        String supervisor = TestTokens.bearer(UUID.randomUUID(), "supervisor");
        String analyst = TestTokens.bearer(UUID.randomUUID(), "analyst");
        problem(supervisor, "/api/metrics/counsellors/" + counsellor + "?window=7y", "window");
        problem(supervisor, "/api/metrics/counsellors?window=1y", "window");
        problem(supervisor, "/api/metrics/counsellors?sort=clientRef", "sort");
        problem(supervisor, "/api/metrics/counsellors?sort=-", "sort");
        problem(supervisor, "/api/metrics/counsellors?page=-1", "page");
        problem(supervisor, "/api/metrics/counsellors?page=x", "page");
        problem(supervisor, "/api/metrics/counsellors?size=101", "size");
        problem(supervisor, "/api/metrics/counsellors?size=0", "size");
        problem(supervisor, "/api/metrics/summary?window=week", "window");
        problem(analyst, "/api/metrics/export?format=xlsx", "format");
        problem(analyst, "/api/metrics/export?window=365d", "window");
        given().header("Authorization", supervisor).get("/api/metrics/counsellors?window=90d&sort=-allianceIndex&page=0&size=100")
                .then().statusCode(200).body("size", equalTo(100)).body("sort", equalTo("-allianceIndex"));
    }

    private static void problem(String token, String path, String field) {
        given().header("Authorization", token).get(path).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("violations[0].field", equalTo(field));
    }
}
