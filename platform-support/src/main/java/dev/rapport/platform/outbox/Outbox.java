package dev.rapport.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.platform.tracing.Traceparent;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Where use cases put their events: a row in the current transaction, published by
 * {@link OutboxRelay} once that transaction commits. Call it inside {@code @WithTransaction}.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The event, to be published once the current transaction commits, in the trace of the
     * current span (the request's, or the consumed record's when a consumer applies one record).
     *
     * @return the event's id ({@code ce_id})
     */
    public Uni<UUID> add(OutgoingEvent event) {
        return add(event, Context.current());
    }

    /**
     * The event, in the trace of {@code cause}: for a consumer that applies a batch of records
     * and knows which record an event comes from (the record's context is current while the
     * consumer reads it, see {@link dev.rapport.platform.messaging.BatchConsumption}).
     *
     * @return the event's id ({@code ce_id})
     */
    public Uni<UUID> add(OutgoingEvent event, Context cause) {
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.topic = event.topic();
        row.eventType = event.type();
        row.recordKey = event.key();
        row.subject = event.subject();
        Object data = event.data();
        row.payload = data == null ? null : write(data);
        row.occurredAt = event.occurredAt();
        row.traceparent = Traceparent.of(cause);
        return row.persist().replaceWith(row.id);
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data cannot be written as JSON: " + data.getClass().getName(), e);
        }
    }
}
