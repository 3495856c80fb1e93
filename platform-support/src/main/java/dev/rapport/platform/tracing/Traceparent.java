package dev.rapport.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The trace context an event carries from its producer to its consumers: the W3C
 * {@code traceparent} of the span that caused it, as the CloudEvents extension {@code traceparent}
 * (the Kafka header {@value #HEADER} in binary mode, docs/asyncapi.yaml). The outbox keeps it with
 * each row, the relay writes it, {@link dev.rapport.platform.messaging.BatchConsumption} reads it,
 * so that one feedback is one trace from its POST through every service it reaches.
 *
 * <p>Only the trace and span ids and the sampled flag travel; never {@code tracestate} or baggage,
 * which could carry a caller's data across services.
 */
public final class Traceparent {

    /** The CloudEvents extension attribute (Distributed Tracing extension). */
    public static final String EXTENSION = "traceparent";
    /** Its Kafka header in binary mode. */
    public static final String HEADER = "ce_" + EXTENSION;

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<String> ONE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(EXTENSION);
        }

        @Override
        public String get(String carrier, String key) {
            return EXTENSION.equals(key) ? carrier : null;
        }
    };

    private Traceparent() {
    }

    /** The context's span as a {@code traceparent} value; null when there is no valid span (tracing off, or none started). */
    public static String of(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, Map::put);
        return carrier.get(EXTENSION);
    }

    /** The context a {@code traceparent} value names, below {@code base}; {@code base} itself when the value is null or malformed. */
    public static Context parse(String traceparent, Context base) {
        if (traceparent == null || traceparent.isBlank()) {
            return base;
        }
        return W3C.extract(base, traceparent, ONE_VALUE);
    }

    /** The context a consumed record names in its {@value #HEADER} header; the root context when it has none. */
    public static Context of(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(HEADER);
        return parse(header == null ? null : new String(header.value(), StandardCharsets.UTF_8), Context.root());
    }
}
