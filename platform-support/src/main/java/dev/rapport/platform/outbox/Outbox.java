package dev.rapport.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
     * The event, to be published once the current transaction commits.
     *
     * @return the event's id ({@code ce_id})
     */
    public Uni<UUID> add(OutgoingEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.topic = event.topic();
        row.eventType = event.type();
        row.recordKey = event.key();
        row.subject = event.subject();
        Object data = event.data();
        row.payload = data == null ? null : write(data);
        row.occurredAt = event.occurredAt();
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
