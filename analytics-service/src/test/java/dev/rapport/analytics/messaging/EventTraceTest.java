package dev.rapport.analytics.messaging;

import dev.rapport.analytics.events.Alerts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rapport.testing.TestSpans;
import dev.rapport.testing.TestTopics;
import dev.rapport.testing.TopicReader;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * One feedback is one trace: analytics' half. A record arrives with its producer's span in
 * {@code ce_traceparent} (feedback-service's FeedbackTraceTest shows the POST's trace gets there);
 * it is processed in a child of that span, and the alert it raises is published in the same trace.
 */
@QuarkusTest
class EventTraceTest {

    private final UUID counsellor = UUID.randomUUID();

    @Inject
    TestSpans spans;

    @Test
    void aSessionChangeIsProcessedInTheTraceItWasPublishedIn() {
        Scenario s = new Scenario();
        s.ended(counsellor, UUID.randomUUID(), 1);
        String published = TestSpans.newTraceparent();
        s.sessionEvents.get(0).send(published);

        SpanData processed = spans.await(TestSpans.traceId(published), TestTopics.name("session-events") + " process", SpanKind.CONSUMER, Scenario.DEADLINE);
        assertEquals(TestSpans.spanId(published), processed.getParentSpanId());
    }

    @Test
    void aFeedbackIsProcessedInItsTraceAndTheAlertItRaisesCarriesTheTraceOn() {
        Scenario s = new Scenario();
        UUID client = UUID.randomUUID();
        UUID feedback = s.ruptureOpening(counsellor, client, UUID.randomUUID(), 1);
        String submitted = TestSpans.newTraceparent();
        String trace = TestSpans.traceId(submitted);
        try (TopicReader alerts = TopicReader.fromNow(Alerts.TOPIC)) {
            s.feedbackEvents.get(0).send(submitted);

            SpanData processed = spans.await(trace, TestTopics.name("feedback-events") + " process", SpanKind.CONSUMER, Scenario.DEADLINE);
            assertEquals(TestSpans.spanId(submitted), processed.getParentSpanId(), "a child of feedback-service's send");

            ConsumerRecord<String, String> alert = alerts.await(TopicReader.subject(feedback), Scenario.DEADLINE);
            assertEquals("rapport.alert.rupture.v1", TopicReader.header(alert, "ce_type"));
            String carried = TopicReader.header(alert, "ce_traceparent");
            assertEquals(trace, TestSpans.traceId(carried), "the alert is in the feedback's trace");

            SpanData sent = spans.await(trace, "alerts publish", SpanKind.PRODUCER, Scenario.DEADLINE);
            assertEquals(TestSpans.spanId(carried), sent.getSpanId());
            assertEquals(processed.getSpanId(), sent.getParentSpanId(), "raised while the feedback was processed");

            String ref = Scenario.ref(client);
            spans.attributeValues(trace).forEach(value -> {
                assertFalse(value.contains(ref), "no client reference in a span: " + value);
                assertFalse(value.contains(counsellor.toString()), "no record key in a span: " + value);
            });
        }
    }
}
