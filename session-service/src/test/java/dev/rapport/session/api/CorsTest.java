package dev.rapport.session.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rapport.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The web front-end (module web, http://127.0.0.1:8088) calls the services from its own origin:
 * CORS lets exactly that origin in, with the bearer token header, and no other origin (the
 * configuration is platform-support's, shared by the three services). Plain HTTP client: a
 * preflight is not an operation of the OpenAPI document that REST Assured checks calls against.
 */
@QuarkusTest
class CorsTest {

    private static final String WEB = "http://127.0.0.1:8088";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/api/sessions")
    URI sessions;

    @Test
    void theWebOriginMaySendABearerTokenAndReadTheLocationHeader() throws Exception {
        HttpResponse<String> preflight = preflight(WEB);
        assertEquals(Optional.of(WEB), preflight.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"), preflight.headers().toString());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"), preflight.headers().toString());

        HttpResponse<String> get = get(WEB);
        assertEquals(200, get.statusCode());
        assertEquals(Optional.of(WEB), get.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(get.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("Location"), get.headers().toString());
    }

    @Test
    void anyOtherOriginIsNotAllowed() throws Exception {
        for (String origin : new String[] {"http://127.0.0.1:9999", "https://elsewhere.example"}) {
            assertEquals(Optional.empty(), preflight(origin).headers().firstValue("Access-Control-Allow-Origin"), origin);
            assertEquals(Optional.empty(), get(origin).headers().firstValue("Access-Control-Allow-Origin"), origin);
        }
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(sessions).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(sessions).header("Origin", origin)
                .header("Authorization", TestTokens.bearer(UUID.randomUUID(), "counsellor")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
