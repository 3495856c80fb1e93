package dev.rapport.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Keeps personal data out of the spans the HTTP instrumentation starts: the caller's address and
 * user agent identify a client as well as a name would, and a trace leaves the service (to the
 * collector, its storage and whoever reads it). They are overwritten as each span starts, before
 * any exporter sees it. Rapport's own spans put no client id, key or data in their attributes
 * ({@link dev.rapport.platform.outbox.OutboxRelay}, {@link dev.rapport.platform.messaging.BatchConsumption});
 * end-user attributes stay off ({@code quarkus.otel.traces.add-end-user-attributes}, false by default).
 */
@Singleton
public class NoPersonalData implements SpanProcessor {

    static final String REDACTED = "redacted";

    private static final List<AttributeKey<String>> PERSONAL = List.of(
            AttributeKey.stringKey("client.address"),
            AttributeKey.stringKey("network.peer.address"),
            AttributeKey.stringKey("user_agent.original"),
            AttributeKey.stringKey("http.client_ip"),
            AttributeKey.stringKey("net.sock.peer.addr"));

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : PERSONAL) {
            if (span.getAttribute(key) != null) {
                span.setAttribute(key, REDACTED);
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
