package dev.rapport.testing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the application under test exports its spans (the in-memory exporter of the Quarkus
 * OpenTelemetry guide, as a bean of every service's tests, see platform-support's
 * {@code %test.quarkus.otel.*}), so that a test can read the trace it caused. It keeps the last
 * {@value #KEPT} spans only: every test of a suite traces, and a long suite must not fill the heap.
 */
@Singleton
public class TestSpans implements SpanExporter {

    static final int KEPT = 20_000;

    private final ConcurrentLinkedDeque<SpanData> spans = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    @Override
    public CompletableResultCode export(Collection<SpanData> finished) {
        for (SpanData span : finished) {
            spans.addLast(span);
            if (size.incrementAndGet() > KEPT && spans.pollFirst() != null) {
                size.decrementAndGet();
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    /** The finished spans of one trace (hex id), in the order they were exported. */
    public List<SpanData> ofTrace(String traceId) {
        return spans.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    /** Every finished span kept, oldest first. */
    public List<SpanData> all() {
        return List.copyOf(spans);
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
