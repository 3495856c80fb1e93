package dev.rapport.session.messaging;

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
}
