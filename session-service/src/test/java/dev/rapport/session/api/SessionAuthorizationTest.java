package dev.rapport.session.api;

import static dev.rapport.session.api.SessionApi.change;
import static dev.rapport.session.api.SessionApi.scheduled;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rapport.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint × every role × own or someone else's session (OWASP API1). */
@QuarkusTest
class SessionAuthorizationTest {

    enum Who { OWN_COUNSELLOR, OTHER_COUNSELLOR, OWN_CLIENT, OTHER_CLIENT, SUPERVISOR, ANALYST, ADMIN, NOBODY, WRONG_AUDIENCE }

    private final UUID counsellor = UUID.randomUUID();
    private final UUID client = UUID.randomUUID();

    @ParameterizedTest(name = "{0} by {1} → {2}")
    @CsvSource({
            "start,   OWN_COUNSELLOR,   200", "start,   OTHER_COUNSELLOR, 404", "start,   OWN_CLIENT,    403",
            "start,   OTHER_CLIENT,     403", "start,   SUPERVISOR,       403", "start,   ANALYST,       403",
            "start,   ADMIN,            200", "start,   NOBODY,           401", "start,   WRONG_AUDIENCE, 401",
            "end,     OWN_COUNSELLOR,   200", "end,     OTHER_COUNSELLOR, 404", "end,     OWN_CLIENT,    403",
            "end,     OTHER_CLIENT,     403", "end,     SUPERVISOR,       403", "end,     ANALYST,       403",
            "end,     ADMIN,            200", "end,     NOBODY,           401",
            "no-show, OWN_COUNSELLOR,   200", "no-show, OTHER_COUNSELLOR, 404", "no-show, OWN_CLIENT,    403",
            "no-show, OTHER_CLIENT,     403", "no-show, SUPERVISOR,       403", "no-show, ANALYST,       403",
            "no-show, ADMIN,            200", "no-show, NOBODY,           401",
            "cancel,  OWN_COUNSELLOR,   200", "cancel,  OTHER_COUNSELLOR, 404", "cancel,  OWN_CLIENT,    200",
            "cancel,  OTHER_CLIENT,     404", "cancel,  SUPERVISOR,       403", "cancel,  ANALYST,       403",
            "cancel,  ADMIN,            200", "cancel,  NOBODY,           401",
            "get,     OWN_COUNSELLOR,   200", "get,     OTHER_COUNSELLOR, 404", "get,     OWN_CLIENT,    200",
            "get,     OTHER_CLIENT,     404", "get,     SUPERVISOR,       200", "get,     ANALYST,       403",
            "get,     ADMIN,            200", "get,     NOBODY,           401", "get,     WRONG_AUDIENCE, 401"})
    void accessToOneSession(String action, Who who, int expected) {
        UUID session = scheduled(counsellor, client);
        if (action.equals("end")) {
            change(session, "start", counsellor, "counsellor").statusCode(200);
        }
        Map<String, Object> before = asOwner(session);
        RequestSpecification request = as(who);
        if (action.equals("cancel")) {
            request.contentType(ContentType.JSON).body("{}"); // only cancel takes a body (an optional reason)
        }
        ValidatableResponse response = action.equals("get")
                ? request.get("/api/sessions/{id}", session).then().statusCode(expected)
                : request.post("/api/sessions/{id}/{action}", session, action).then().statusCode(expected);
        if (expected == 401) {
            response.contentType("application/problem+json").body("status", equalTo(401));
        }
        String body = response.extract().asString();
        if (expected >= 400) {
            assertFalse(body.contains(client.toString()), "a refusal tells nothing of the session: " + body);
            assertEquals(before, asOwner(session), "a refused " + action + " changed nothing");
        } else if (action.equals("get")) {
            response.body("id", equalTo(session.toString())).body("status", equalTo("SCHEDULED"));
            if (who == Who.SUPERVISOR) {
                // A supervisor sees the session as the client's reference, never the raw client id.
                response.body("$", not(hasKey("clientId"))).body("clientRef", equalTo(before.get("clientRef")));
                assertFalse(body.contains(client.toString()), body);
            } else {
                response.body("clientId", equalTo(client.toString()));
            }
        } else {
            String after = Map.of("start", "IN_PROGRESS", "end", "ENDED", "no-show", "NO_SHOW", "cancel", "CANCELLED").get(action);
            response.body("status", equalTo(after));
            assertEquals(after, asOwner(session).get("status"));
        }
    }

    private Map<String, Object> asOwner(UUID session) {
        return given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).get("/api/sessions/{id}", session)
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @ParameterizedTest(name = "schedule by {0} → {1}")
    @CsvSource({"OWN_COUNSELLOR, 201", "OWN_CLIENT, 403", "SUPERVISOR, 403", "ANALYST, 403", "NOBODY, 401", "WRONG_AUDIENCE, 401"})
    void scheduling(Who who, int expected) {
        as(who).contentType(ContentType.JSON)
                .body(Map.of("clientId", client.toString(), "scheduledStart", tomorrow(), "modality", "CHAT"))
                .post("/api/sessions").then().statusCode(expected);
        // A refused schedule stored nothing: the counsellor's list holds only what was accepted.
        given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).get("/api/sessions").then()
                .statusCode(200).body("total", equalTo(expected == 201 ? 1 : 0));
    }

    @Test
    void aCounsellorCannotScheduleForAnotherCounsellor() {
        UUID other = UUID.randomUUID();
        as(Who.OWN_COUNSELLOR).contentType(ContentType.JSON)
                .body(Map.of("clientId", client.toString(), "scheduledStart", tomorrow(), "modality", "CHAT",
                        "counsellorId", other.toString()))
                .post("/api/sessions").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer(other, "counsellor")).get("/api/sessions").then()
                .statusCode(200).body("total", equalTo(0));
        as(Who.OWN_COUNSELLOR).get("/api/sessions").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void anAdminSchedulesForANamedCounsellorOnly() {
        as(Who.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("clientId", client.toString(), "scheduledStart", tomorrow(), "modality", "AUDIO"))
                .post("/api/sessions").then().statusCode(400);
        as(Who.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("clientId", client.toString(), "scheduledStart", tomorrow(), "modality", "AUDIO",
                        "counsellorId", counsellor.toString()))
                .post("/api/sessions").then().statusCode(201).body("counsellorId", org.hamcrest.Matchers.equalTo(counsellor.toString()));
    }

    @ParameterizedTest(name = "list by {0} → {1}")
    @CsvSource({"OWN_COUNSELLOR, 200", "OWN_CLIENT, 200", "ADMIN, 200", "SUPERVISOR, 403", "ANALYST, 403", "NOBODY, 401"})
    void listing(Who who, int expected) {
        as(who).get("/api/sessions").then().statusCode(expected);
    }

    @Test
    void aListingHoldsOnlyTheCallersOwnSessions() {
        UUID mine = scheduled(counsellor, client);
        UUID someoneElses = scheduled(UUID.randomUUID(), UUID.randomUUID());
        as(Who.OWN_COUNSELLOR).get("/api/sessions?size=100").then().statusCode(200)
                .body("items.id", hasItem(mine.toString()))
                .body("items.id", not(hasItem(someoneElses.toString())))
                .body("items.counsellorId", everyItem(org.hamcrest.Matchers.equalTo(counsellor.toString())));
        as(Who.OWN_CLIENT).get("/api/sessions?size=100").then().statusCode(200)
                .body("items.id", hasItem(mine.toString()))
                .body("items.clientId", everyItem(org.hamcrest.Matchers.equalTo(client.toString())));
    }

    private RequestSpecification as(Who who) {
        return switch (who) {
            case OWN_COUNSELLOR -> given().header("Authorization", TestTokens.bearer(counsellor, "counsellor"));
            case OTHER_COUNSELLOR -> given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "counsellor"));
            case OWN_CLIENT -> given().header("Authorization", TestTokens.bearer(client, "client"));
            case OTHER_CLIENT -> given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "client"));
            case SUPERVISOR -> given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "supervisor"));
            case ANALYST -> given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "analyst"));
            case ADMIN -> given().header("Authorization", TestTokens.bearer(UUID.randomUUID(), "admin"));
            case NOBODY -> given();
            case WRONG_AUDIENCE -> given().header("Authorization", "Bearer " + TestTokens.tokenForAnotherAudience(counsellor, "counsellor"));
        };
    }

    private static String tomorrow() {
        return Instant.now().plus(1, ChronoUnit.DAYS).toString();
    }
}
