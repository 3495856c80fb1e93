package dev.rapport.testing;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * Where the application under test exports its spans (the in-memory exporter of the Quarkus
 * OpenTelemetry guide, as a bean of every service's tests, see platform-support's
 * {@code %test.quarkus.otel.*}), so that a test can read the trace it caused. It keeps the last
 * {@value #KEPT} spans only: every test of a suite traces, and a long suite must not fill the heap.
 */
@Singleton
public class TestSpans implements SpanExporter {

    static final int KEPT = 20_000;
    private static final SecureRandom RANDOM = new SecureRandom();

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

    /** The trace's span of that name and kind, once it has finished and been exported. */
    public SpanData await(String traceId, String name, SpanKind kind, Duration deadline) {
        return await(traceId, span -> span.getName().equals(name) && span.getKind() == kind, deadline);
    }

    /** The trace's first span that matches, once it has finished and been exported. */
    public SpanData await(String traceId, Predicate<SpanData> which, Duration deadline) {
        return Awaitility.await().atMost(deadline)
                .until(() -> ofTrace(traceId).stream().filter(which).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /** Every attribute value of the trace's spans, to check that none is personal data. */
    public List<String> attributeValues(String traceId) {
        return ofTrace(traceId).stream()
                .flatMap(span -> span.getAttributes().asMap().values().stream())
                .map(String::valueOf)
                .toList();
    }

    /** A fresh sampled W3C traceparent, as a caller that traces sends it: {@code 00-<trace id>-<span id>-01}. */
    public static String newTraceparent() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        RANDOM.nextBytes(trace);
        RANDOM.nextBytes(span);
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
    }

    public static String traceId(String traceparent) {
        return traceparent.split("-")[1];
    }

    public static String spanId(String traceparent) {
        return traceparent.split("-")[2];
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
