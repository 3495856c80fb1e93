package dev.rapport.platform.outbox;

import java.time.Instant;

/**
 * An event to publish through the {@link Outbox}: one type per kind of event, which knows its
 * topic, CloudEvent type, record key and subject, so that a use case names the event and nothing
 * of Kafka ({@code outbox.add(new SessionChanged(type, data))}), and a wrong topic or key is
 * written once, in the event's type, not at every call.
 *
 * <p>Each is a record in its producer's {@code messaging} package, beside the data it carries;
 * the data's JSON Schema is {@code schemas/events/<type>.json} of the same module and its topic's
 * message in docs/asyncapi.yaml.
 */
public interface OutgoingEvent {

    /** The Kafka topic. */
    String topic();

    /** The versioned CloudEvent type ({@code ce_type}), e.g. rapport.session.ended.v1. */
    String type();

    /** The record key: the counsellor id on the counsellor-keyed topics, a compacted topic's entity key otherwise. */
    String key();

    /** The aggregate id ({@code ce_subject}). */
    String subject();

    /** The event's data, written as JSON; null publishes a tombstone, which deletes the key from a compacted topic. */
    Object data();

    /** When it happened ({@code ce_time}). */
    Instant occurredAt();
}
