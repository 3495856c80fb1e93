package dev.rapport.platform.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TraceparentTest {

    private static final String SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aRecordsHeaderNamesItsProducersSpanAsARemoteParent() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("feedback-events", 0, 7L, "k", "{}");
        record.headers().add(Traceparent.HEADER, SAMPLED.getBytes(StandardCharsets.UTF_8));

        SpanContext parent = Span.fromContext(Traceparent.of(record)).getSpanContext();
        assertTrue(parent.isRemote());
        assertTrue(parent.isSampled());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", parent.getTraceId());
        assertEquals("00f067aa0ba902b7", parent.getSpanId());
    }

    @Test
    void aContextIsWrittenAsTheTraceparentItWasReadFrom() {
        assertEquals(SAMPLED, Traceparent.of(Traceparent.parse(SAMPLED, Context.root())));
    }

    @Test
    void noSpanIsNoTraceparent() {
        assertNull(Traceparent.of(Context.root()));
    }

    @Test
    void aRecordWithoutOrWithAMalformedHeaderIsProcessedInATraceOfItsOwn() {
        ConsumerRecord<String, String> without = new ConsumerRecord<>("feedback-events", 0, 7L, "k", "{}");
        assertSame(Context.root(), Traceparent.of(without));

        ConsumerRecord<String, String> malformed = new ConsumerRecord<>("feedback-events", 0, 8L, "k", "{}");
        malformed.headers().add(Traceparent.HEADER, "00-not-a-trace-01".getBytes(StandardCharsets.UTF_8));
        assertFalse(Span.fromContext(Traceparent.of(malformed)).getSpanContext().isValid());
    }
}
