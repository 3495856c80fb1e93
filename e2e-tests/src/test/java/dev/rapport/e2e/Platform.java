package dev.rapport.e2e;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
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

    /** Access tokens live 900 s (the realm's accessTokenLifespan): one is fetched again after 10 minutes. */
    private static final Duration TOKEN_REUSE = Duration.ofMinutes(10);
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private record Token(String value, Instant fetched) {}

    private Platform() {}

    /** A real access token for a demo user (password grant of the public client, for tests only). */
    static String bearer(String username) {
        return "Bearer " + TOKENS.compute(username, (user, cached) -> cached != null
                && cached.fetched().plus(TOKEN_REUSE).isAfter(Instant.now()) ? cached : new Token(given()
                .formParam("grant_type", "password")
                .formParam("client_id", "rapport-web")
                .formParam("username", user)
                .formParam("password", "rapport")
                .post(KEYCLOAK + "/realms/rapport/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token"), Instant.now())).value();
    }

    private static String url(String property, String fallback) {
        return System.getProperty(property, fallback);
    }
}
