package dev.rapport.feedback.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rapport.testing.TestSpans;
import dev.rapport.testing.TestTopics;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * One feedback is one trace: feedback-service's half. The session's change arrives in
 * session-service's trace and is consumed in it; the POST of the feedback is a server span whose
 * trace the published feedback-events record carries on as {@code ce_traceparent} (analytics'
 * half: analytics-service's EventTraceTest).
 */
@QuarkusTest
class FeedbackTraceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String SRS_38 = "{\"instrumentId\":\"srs\",\"answers\":{\"1\":9.5,\"2\":9.5,\"3\":9.5,\"4\":9.5},\"comment\":\"I felt heard today\"}";
    private final UUID counsellor = UUID.randomUUID();
    private final UUID client = UUID.randomUUID();

    @Inject
    TestSpans spans;

    @Test
    void aSessionChangeIsConsumedInTheTraceItWasPublishedIn() {
        String sessionTrace = TestSpans.newTraceparent();
        UUID session = UUID.randomUUID();
        Sessions.publishTraced(session, counsellor, client, "ENDED", Instant.now().truncatedTo(ChronoUnit.MILLIS), sessionTrace);

        SpanData consumed = spans.await(TestSpans.traceId(sessionTrace), TestTopics.name("session-events") + " process", SpanKind.CONSUMER, DEADLINE);
        assertEquals(TestSpans.spanId(sessionTrace), consumed.getParentSpanId(), "a child of the span that published it");
        assertEquals("feedback.session-events", consumed.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("messaging.consumer.group.name")).findFirst().orElseThrow().getValue());
    }

    @Test
    void aFeedbacksPostIsAServerSpanWhoseTraceThePublishedEventCarriesOn() {
        UUID session = UUID.randomUUID();
        Sessions.publish(session, counsellor, client, "ENDED", Instant.now().truncatedTo(ChronoUnit.MILLIS));
        await().atMost(DEADLINE).untilAsserted(() -> asClient().get("/api/sessions/{id}/feedback", session).then().statusCode(200));

        String caller = TestSpans.newTraceparent();
        String trace = TestSpans.traceId(caller);
        try (TopicReader topic = TopicReader.fromNow("feedback-events")) {
            String id = asClient().header("traceparent", caller).contentType(ContentType.JSON).body(SRS_38)
                    .post("/api/sessions/{id}/feedback", session).then().statusCode(201).extract().path("id");

            SpanData server = spans.await(trace, span -> span.getKind() == SpanKind.SERVER, DEADLINE);
            assertEquals(TestSpans.spanId(caller), server.getParentSpanId());
            server.getAttributes().asMap().values().forEach(value ->
                    assertFalse(String.valueOf(value).contains("127.0.0.1"), "no caller address in a span (NoPersonalData)"));

            ConsumerRecord<String, String> event = topic.await(TopicReader.subject(UUID.fromString(id)), DEADLINE);
            String carried = TopicReader.header(event, "ce_traceparent");
            assertEquals(trace, TestSpans.traceId(carried), "the event carries the POST's trace");

            SpanData published = spans.await(trace, "feedback-events publish", SpanKind.PRODUCER, DEADLINE);
            assertEquals(TestSpans.spanId(carried), published.getSpanId(), "the consumers' parent is the relay's send");
            assertEquals(server.getSpanId(), published.getParentSpanId(), "written by the request, sent by the relay");

            String ref = Sessions.refOf(client);
            spans.attributeValues(trace).forEach(value -> {
                assertFalse(value.contains(client.toString()), "no client id in a span: " + value);
                assertFalse(value.contains(ref), "no client reference in a span: " + value);
                assertFalse(value.contains("Bearer"), "no token in a span: " + value);
            });
        }
    }

    private io.restassured.specification.RequestSpecification asClient() {
        return given().header("Authorization", TestTokens.bearer(client, "client"));
    }
}
