package dev.rapport.analytics.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.platform.api.RequestsInFlight;
import dev.rapport.testing.EventStream;
import dev.rapport.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Load shedding ({@link RequestsInFlight}): with as many requests at work as the service takes
 * (3 in this test's profile), one more is a 503 problem+json with Retry-After at once, the
 * service still answers its probes, a client that gives up does not free its request's place
 * before the work ends, and every place comes back. The requests are held at work by a lock on
 * the table the view reads first, so the test knows when the service is full.
 */
@QuarkusTest
@TestProfile(RequestsInFlightTest.ThreeAtOnce.class)
class RequestsInFlightTest {

    static final int LIMIT = 3;
    static final Duration DEADLINE = Duration.ofSeconds(30);

    public static class ThreeAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rapport.http.max-in-flight", String.valueOf(LIMIT));
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    RequestsInFlight requests;

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private final UUID counsellor = UUID.randomUUID();
    private final String bearer = TestTokens.bearer(counsellor, "counsellor");

    @Test
    void aFullServiceShedsAtOnceStaysAliveAndGivesEveryPlaceBack() throws Exception {
        double shedBefore = shed();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> locked = new CompletableFuture<>();
        Uni<Void> holding = pool.withTransaction(connection -> connection.query("LOCK TABLE counsellor_day IN ACCESS EXCLUSIVE MODE")
                .execute().invoke(() -> locked.complete(null))
                .chain(() -> Uni.createFrom().completionStage(release)));
        CompletableFuture<Void> held = holding.subscribeAsCompletionStage();
        List<CompletableFuture<HttpResponse<String>>> atWork = new ArrayList<>();
        try {
            locked.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            // Three views at work, their clients giving up after 1 s.
            for (int i = 0; i < LIMIT; i++) {
                atWork.add(http.sendAsync(view().timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(DEADLINE).until(() -> requests.inFlight() == LIMIT);

            HttpResponse<String> refused = http.send(view().build(), HttpResponse.BodyHandlers.ofString());
            assertShed(refused);
            assertShed(http.send(get("/api/metrics/counsellors/" + counsellor + "/alerts").build(), HttpResponse.BodyHandlers.ofString()));
            assertShed(http.send(get("/api/metrics/counsellors/" + counsellor + "/stream").header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertEquals(3.0, shed() - shedBefore, "every refusal counted");
            // The probes are not REST resources: a full service still says it is alive.
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(root + "q/health/live")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());

            // The clients gave up; their views are still at work, so their places are still taken.
            for (CompletableFuture<HttpResponse<String>> gaveUp : atWork) {
                ExecutionException timedOut = assertThrows(ExecutionException.class, () -> gaveUp.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                assertTrue(timedOut.getCause() instanceof HttpTimeoutException, timedOut.toString());
            }
            assertEquals(LIMIT, requests.inFlight());
            assertShed(http.send(view().build(), HttpResponse.BodyHandlers.ofString()));
        } finally {
            release.complete(null);
            held.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        // The held views end once the lock is gone, and give their places back.
        await().atMost(DEADLINE).until(() -> requests.inFlight() == 0);
        assertEquals(200, http.send(view().build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void everyWayARequestEndsGivesItsPlaceBack() throws Exception {
        List<HttpRequest> endings = List.of(
                view().build(),                                                                   // 200
                HttpRequest.newBuilder(URI.create(root + "api/metrics/counsellors/" + counsellor)).build(), // 401
                get("/api/metrics/counsellors/" + UUID.randomUUID()).build(),                      // 403
                get("/api/metrics/counsellors/not-a-uuid").build(),                               // 400
                get("/api/metrics/counsellors/" + counsellor + "?window=7y").build(),             // 400
                get("/api/no-such-resource").build(),                                             // 404
                get("/api/admin/rebuild").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{")).build());                 // 403
        for (int round = 0; round < 2 * LIMIT; round++) {
            for (HttpRequest request : endings) {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                assertTrue(status != 503 && status < 500, request.uri() + " answered " + status);
            }
        }
        await().atMost(DEADLINE).until(() -> requests.inFlight() == 0);
    }

    @Test
    void anOpenStreamHoldsNoPlace() throws Exception {
        List<EventStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                streams.add(EventStream.open(root + "api/metrics/counsellors/" + counsellor + "/stream", bearer));
                streams.get(i).next(DEADLINE);
            }
            await().atMost(DEADLINE).until(() -> requests.inFlight() == 0);
            assertEquals(200, http.send(view().build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } finally {
            streams.forEach(EventStream::close);
        }
    }

    private void assertShed(HttpResponse<String> response) throws Exception {
        assertEquals(503, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
        assertEquals("1", response.headers().firstValue("retry-after").orElse(null));
        JsonNode problem = json.readTree(response.body());
        assertEquals(503, problem.get("status").asInt());
        assertTrue(problem.get("detail").asText().contains("(" + LIMIT + ")"), problem.toString());
    }

    private HttpRequest.Builder view() {
        return get("/api/metrics/counsellors/" + counsellor);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(root + path.substring(1))).header("Authorization", bearer);
    }

    private double shed() {
        return registry.get("rapport.http.requests.shed").counter().count();
    }
}
