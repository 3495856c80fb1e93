package dev.rapport.session.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rapport.testing.TestSpans;
import dev.rapport.testing.TestTokens;
import dev.rapport.testing.TopicReader;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A session's change is a server span whose trace its session-events record carries on as
 * {@code ce_traceparent}: feedback-service and analytics-service process the record in that trace
 * (their FeedbackTraceTest and EventTraceTest).
 */
@QuarkusTest
class SessionTraceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final UUID counsellor = UUID.randomUUID();
    private final UUID client = UUID.randomUUID();

    @Inject
    TestSpans spans;

    @Test
    void aSessionChangeIsAServerSpanWhoseTraceThePublishedEventCarriesOn() {
        UUID session = SessionApi.scheduled(counsellor, client);
        String caller = TestSpans.newTraceparent();
        String trace = TestSpans.traceId(caller);
        try (TopicReader topic = TopicReader.fromNow("session-events")) {
            given().header("Authorization", TestTokens.bearer(counsellor, "counsellor")).header("traceparent", caller)
                    .post("/api/sessions/{id}/start", session).then().statusCode(200);

            SpanData server = spans.await(trace, span -> span.getKind() == SpanKind.SERVER, DEADLINE);
            assertEquals(TestSpans.spanId(caller), server.getParentSpanId());

            ConsumerRecord<String, String> started = topic.await(
                    record -> TopicReader.subject(session).test(record) && "rapport.session.started.v1".equals(TopicReader.header(record, "ce_type")),
                    DEADLINE);
            String carried = TopicReader.header(started, "ce_traceparent");
            assertEquals(trace, TestSpans.traceId(carried), "the event carries the change's trace");

            SpanData published = spans.await(trace, "session-events publish", SpanKind.PRODUCER, DEADLINE);
            assertEquals(TestSpans.spanId(carried), published.getSpanId());
            assertEquals(server.getSpanId(), published.getParentSpanId(), "written by the request, sent by the relay");

            spans.attributeValues(trace).forEach(value -> {
                assertFalse(value.contains(client.toString()), "no client id in a span: " + value);
                assertFalse(value.contains("Bearer"), "no token in a span: " + value);
            });
        }
    }
}
