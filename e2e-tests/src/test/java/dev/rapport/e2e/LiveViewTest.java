package dev.rapport.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The live view end to end: a client's feedback submitted through feedback-service reaches the
 * counsellor's server-sent event stream on analytics-service (through feedback-events, the
 * analytics consumer, alliance-metrics), also on a second analytics instance that shares the
 * consumer group with the first. How soon is measured and reported by the benchmark (bench,
 * SseEventsTest); a functional test on a shared machine asserts that it happens.
 */
class LiveViewTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A view that arrived on the stream, and when. */
    private record Arrival(long nanos, JsonNode view) {}

    @Test
    void aSubmittedFeedbackReachesTheCounsellorsStream() throws Exception {
        feedbackReachesTheStreamOf(Platform.ANALYTICS);
    }

    @Test
    void aSecondAnalyticsInstanceFeedsItsOwnStreamClients() throws Exception {
        try (ServiceInstance second = ServiceInstance.start("analytics-service", 8084, Map.of())) {
            feedbackReachesTheStreamOf(second.url());
        }
    }

    /** Two feedbacks one after the other: each reaches the stream as a view of its own. */
    private static void feedbackReachesTheStreamOf(String analytics) throws Exception {
        String counsellor = Platform.bearer("counsellor1");
        BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        try (Stream<String> lines = openStream(analytics, counsellor)) {
            Thread reader = new Thread(() -> lines.filter(line -> line.startsWith("data:")).forEach(line -> {
                try {
                    arrivals.add(new Arrival(System.nanoTime(), JSON.readTree(line.substring(5).trim())));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }), "sse-reader");
            reader.setDaemon(true);
            reader.start();
            JsonNode current = arrivals.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS).view();
            assertTrue(current.path("windows").has("all"), "the current view comes at once: " + current);

            awaitOnStream(arrivals, submitFeedback(counsellor), DEADLINE);
            awaitOnStream(arrivals, submitFeedback(counsellor), DEADLINE);
        }
    }

    /** An SRS on a new ended session: the 201's time and the all-time view just before it. */
    private record Submitted(long acceptedNanos, int sessionsEnded, JsonNode feedbackRateBefore) {}

    private static Submitted submitFeedback(String counsellor) throws IOException {
        int endedBefore = allWindow(counsellor).path("sessionsEnded").asInt();
        String session = Platform.endedSession(counsellor);
        // The end must be in the view before the feedback, so that the feedback's change is its own.
        await().atMost(Duration.ofSeconds(60)).until(() -> allWindow(counsellor).path("sessionsEnded").asInt() > endedBefore);
        JsonNode before = allWindow(counsellor);

        // The session's end has to reach feedback-service too; until then a submission is a 409.
        long[] accepted = new long[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            int status = given().header("Authorization", Platform.bearer("client1")).contentType(ContentType.JSON)
                    .body("{\"instrumentId\":\"srs\",\"answers\":{\"1\":8.0,\"2\":8.5,\"3\":9.0,\"4\":8.0}}")
                    .post(Platform.FEEDBACK + "/api/sessions/{id}/feedback", session).then().extract().statusCode();
            accepted[0] = System.nanoTime();
            return status == 201;
        });
        return new Submitted(accepted[0], before.path("sessionsEnded").asInt(), before.path("feedbackRate"));
    }

    /** The first view on the stream that counts the new feedback, within the deadline after the 201. */
    private static void awaitOnStream(BlockingQueue<Arrival> arrivals, Submitted submitted, Duration deadline) throws InterruptedException {
        long until = submitted.acceptedNanos() + deadline.toNanos();
        while (true) {
            Arrival arrival = arrivals.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(arrival != null, "no view counting the feedback on the stream within " + deadline + " of the 201");
            // The feedback is the only change after the session's end: the same sessions, another rate.
            JsonNode all = arrival.view().path("windows").path("all");
            if (all.path("sessionsEnded").asInt() == submitted.sessionsEnded()
                    && !all.path("feedbackRate").equals(submitted.feedbackRateBefore())) {
                return;
            }
        }
    }

    private static JsonNode allWindow(String token) throws IOException {
        String body = given().header("Authorization", token)
                .get(Platform.ANALYTICS + "/api/metrics/counsellors/{id}?window=all", Platform.COUNSELLOR1)
                .then().statusCode(200).extract().asString();
        return JSON.readTree(body);
    }

    private static Stream<String> openStream(String analytics, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(analytics + "/api/metrics/counsellors/" + Platform.COUNSELLOR1 + "/stream"))
                .header("Authorization", token).header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode(), "the stream's status");
        return response.body();
    }
}
