package dev.rapport.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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
     * @param topic   the Kafka topic
     * @param type    the versioned CloudEvent type
     * @param key     the record key (a counsellor id)
     * @param subject the aggregate id
     * @param data    the event's data record, written as JSON
     * @return the event's id ({@code ce_id})
     */
    public Uni<UUID> add(String topic, String type, UUID key, UUID subject, Object data, Instant occurredAt) {
        return add(topic, type, key.toString(), subject.toString(), data, occurredAt);
    }

    /**
     * An event keyed by something other than a counsellor id (a compacted topic's entity key);
     * {@code data} null publishes a tombstone, which deletes the key from a compacted topic.
     */
    public Uni<UUID> add(String topic, String type, String key, String subject, Object data, Instant occurredAt) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.topic = topic;
        event.eventType = type;
        event.recordKey = key;
        event.subject = subject;
        event.payload = data == null ? null : write(data);
        event.occurredAt = occurredAt;
        return event.persist().replaceWith(event.id);
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data cannot be written as JSON: " + data.getClass().getName(), e);
        }
    }
}
