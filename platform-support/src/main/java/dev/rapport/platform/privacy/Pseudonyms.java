package dev.rapport.platform.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two values that stand for a client outside the client-facing services (docs/privacy.md):
 *
 * <ul>
 *   <li>the <b>reference</b> ({@code clientRef}) on every event and in analytics: 128 random bits,
 *       drawn once per client by session-service. Nothing computes it from the client id, so only
 *       the one row that pairs them links a reference to a person; erasure deletes that row
 *       (crypto-shredding).
 *   <li>the <b>lookup key</b>: HMAC-SHA-256 of the client id under a key held by session- and
 *       feedback-service only ({@code RAPPORT_PSEUDONYM_KEY}). It keys the compacted client-keys
 *       topic, so that feedback-service can find the reference of the client in a token without
 *       a raw id on any topic. Analytics never holds the key.
 * </ul>
 */
public final class Pseudonyms {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public Pseudonyms(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("The pseudonymisation key must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A new reference: 32 hex characters, random. */
    public static String newClientRef() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    /** The client's lookup key: 64 hex characters, stable for the client under this key. */
    public String lookupKey(UUID clientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(clientId.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
