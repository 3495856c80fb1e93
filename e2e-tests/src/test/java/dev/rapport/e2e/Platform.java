package dev.rapport.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The running platform (./platform up): where its parts listen, and real tokens from Keycloak. */
final class Platform {

    static final String SESSIONS = url("rapport.session.url", "http://127.0.0.1:8081");
    static final String FEEDBACK = url("rapport.feedback.url", "http://127.0.0.1:8082");
    static final String ANALYTICS = url("rapport.analytics.url", "http://127.0.0.1:8083");
    static final String KEYCLOAK = url("rapport.keycloak.url", "http://127.0.0.1:8180");
    static final String KAFKA = url("kafka.bootstrap.servers", "127.0.0.1:9092");

    /** The demo users of deploy/keycloak/rapport-realm.json. */
    static final UUID COUNSELLOR1 = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final UUID CLIENT1 = UUID.fromString("33333333-3333-4333-8333-333333333331");

    /** Tokens by user, taken again a minute before they expire (the reliability suite runs for minutes). */
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private record Token(String value, Instant expires) {}

    private Platform() {}

    /** A real access token for a demo user (password grant of the public client, for tests only). */
    static String bearer(String username) {
        return "Bearer " + TOKENS.compute(username, (user, held) -> held != null && Instant.now().isBefore(held.expires()) ? held : token(user)).value();
    }

    private static Token token(String user) {
        var response = given()
                .formParam("grant_type", "password")
                .formParam("client_id", "rapport-web")
                .formParam("username", user)
                .formParam("password", "rapport")
                .post(KEYCLOAK + "/realms/rapport/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract();
        return new Token(response.path("access_token"), Instant.now().plusSeconds(response.<Integer>path("expires_in") - 60L));
    }

    /** A video session of the counsellor (their bearer) with client1, scheduled in an hour and started: its id. */
    static String startedSession(String counsellor) {
        String session = given().header("Authorization", counsellor).contentType(ContentType.JSON)
                .body(Map.of("clientId", CLIENT1.toString(),
                        "scheduledStart", Instant.now().plus(1, ChronoUnit.HOURS).toString(), "modality", "VIDEO"))
                .post(SESSIONS + "/api/sessions").then().statusCode(201).extract().path("id");
        given().header("Authorization", counsellor).post(SESSIONS + "/api/sessions/{id}/start", session).then().statusCode(200);
        return session;
    }

    /** {@link #startedSession} ended: its id. */
    static String endedSession(String counsellor) {
        String session = startedSession(counsellor);
        given().header("Authorization", counsellor).post(SESSIONS + "/api/sessions/{id}/end", session).then().statusCode(200);
        return session;
    }

    private static String url(String property, String fallback) {
        return System.getProperty(property, fallback);
    }
}
