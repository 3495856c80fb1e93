package dev.rapport.analytics.messaging;

import static dev.rapport.analytics.messaging.Views.alerts;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The access table's bodies (MetricsAuthorizationTest has its status codes): each role that may
 * read an endpoint gets that counsellor's data under the client's reference, never a client id;
 * each refusal is a problem that tells nothing of the counsellor's clients.
 */
@QuarkusTest
class WhatEachRoleSeesTest {

    private static final List<String> ROLES = List.of("client", "counsellor", "supervisor", "analyst", "admin");

    @Test
    void theRolesThatMayReadGetReferencesNeverAClientIdAndRefusalsRevealNothing() {
        Scenario s = new Scenario();
        UUID counsellor = UUID.randomUUID();
        UUID client = UUID.randomUUID();
        UUID session = s.ended(counsellor, client, 1);
        // Below the SRS cut-off: a rupture alert for this client.
        s.form(counsellor, client, session, "srs", "alliance", "30", "75.00", 0);
        s.sessionEvents.forEach(Scenario.Event::send);
        s.feedbackEvents.forEach(Scenario.Event::send);
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(counsellor).size() == 1);
        String ref = Scenario.ref(client);

        Map<String, List<String>> matrix = Map.of(
                "/api/metrics/counsellors/" + counsellor + "?window=all", List.of("supervisor", "analyst", "admin"),
                "/api/metrics/counsellors/" + counsellor + "/alerts", List.of("supervisor", "admin"),
                "/api/metrics/counsellors?window=all&size=100&sort=-openRuptures", List.of("supervisor", "analyst", "admin"),
                "/api/metrics/summary?window=all", List.of("supervisor", "analyst", "admin"),
                "/api/metrics/export?window=all&format=csv", List.of("analyst", "admin"));
        matrix.forEach((path, allowed) -> {
            for (String role : ROLES) {
                Response response = given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), role)).get(path);
                String body = response.asString();
                assertFalse(body.contains(client.toString()), role + " " + path + ": a raw client id");
                assertFalse(body.contains("clientId"), role + " " + path + ": a client id field");
                if (allowed.contains(role)) {
                    assertEquals(200, response.statusCode(), role + " " + path);
                } else {
                    assertEquals(403, response.statusCode(), role + " " + path);
                    assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
                    assertFalse(body.contains(ref) || body.contains(counsellor.toString()), role + " " + path + ": " + body);
                }
            }
        });
        // What a supervisor reads: the counsellor's figures, and the alert under the client's reference.
        String supervisor = TestTokens.bearer(UUID.randomUUID(), "supervisor");
        given().header("Authorization", supervisor).get("/api/metrics/counsellors/{id}?window=all", counsellor).then()
                .statusCode(200).body("counsellorId", org.hamcrest.Matchers.equalTo(counsellor.toString()))
                .body("sessionsEnded", org.hamcrest.Matchers.equalTo(1));
        given().header("Authorization", supervisor).get("/api/metrics/counsellors/{id}/alerts", counsellor).then()
                .statusCode(200).body("clientRef", org.hamcrest.Matchers.contains(ref))
                .body("type", org.hamcrest.Matchers.contains("rupture"));
        // The analyst's export holds the counsellor's row, and no reference of a client at all.
        String csv = given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "analyst"))
                .get("/api/metrics/export?window=all&format=csv").then().statusCode(200).extract().asString();
        assertTrue(csv.contains(counsellor + ",all,"), "the counsellor's row");
        assertFalse(csv.contains(ref), "no client reference in an analyst's export");
    }
}
