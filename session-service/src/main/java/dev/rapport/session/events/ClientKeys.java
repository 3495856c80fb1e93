package dev.rapport.session.events;

import dev.rapport.platform.outbox.OutgoingEvent;
import java.time.Instant;

/**
 * The contract of client-keys, a compacted topic read by feedback-service only (docs/privacy.md):
 * record key = the client's lookup key (HMAC of the client id under a key analytics does not
 * hold), data = the client's reference. It lets feedback-service find the reference of the client
 * in a token without a raw client id on any topic. Erasure writes a tombstone (no data), so once
 * the topic is compacted nothing pairs the client with the reference any more.
 */
public final class ClientKeys {

    public static final String TOPIC = "client-keys";
    public static final String KEY = "rapport.client.key.v1";
    public static final String ERASED = "rapport.client.key.erased.v1";

    private ClientKeys() {}

    public record ClientKey(String clientRef) {}

    /** A client's reference under the client's lookup key (record key and subject alike, never the reference). */
    public static OutgoingEvent announced(String lookupKey, String clientRef, Instant occurredAt) {
        return new OutgoingEvent(TOPIC, KEY, lookupKey, lookupKey, new ClientKey(clientRef), occurredAt);
    }

    /** The tombstone of an erased client's lookup key: no data, so compaction removes the pair. */
    public static OutgoingEvent erased(String lookupKey, Instant occurredAt) {
        return new OutgoingEvent(TOPIC, ERASED, lookupKey, lookupKey, null, occurredAt);
    }
}
