package dev.rapport.platform.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * An event to publish through the {@link Outbox}. Each kind of event is built by a factory of its
 * contract class in its producer's {@code messaging} package, which knows the topic, CloudEvent
 * type, record key and subject, so that a use case names the event and nothing of Kafka
 * ({@code outbox.add(SessionChanged.of(type, data))}), and a wrong topic or key is written once,
 * in the factory, not at every call.
 *
 * <p>The data's JSON Schema is {@code schemas/events/<type>.json} of the producer's module and its
 * topic's message in docs/asyncapi.yaml.
 *
 * @param topic      the Kafka topic
 * @param type       the versioned CloudEvent type ({@code ce_type}), e.g. rapport.session.ended.v1
 * @param key        the record key: the counsellor id on the counsellor-keyed topics, a compacted topic's entity key otherwise
 * @param subject    the aggregate id ({@code ce_subject})
 * @param data       the event's data, written as JSON; null publishes a tombstone, which deletes the key from a compacted topic
 * @param occurredAt when it happened ({@code ce_time})
 */
public record OutgoingEvent(String topic, String type, String key, String subject, Object data, Instant occurredAt) {

    public OutgoingEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
