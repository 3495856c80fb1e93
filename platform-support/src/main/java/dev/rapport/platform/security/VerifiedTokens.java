package dev.rapport.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens whose signature and claims the OIDC provider has verified, with what that
 * verification gave (an identity), until the token expires or {@code maxAge} has passed,
 * whichever is first. Keyed by the whole token: a token that differs in one character is
 * another key, verified afresh. Plain Java; {@link VerifiedTokenIdentities} plugs it into Quarkus.
 *
 * <p>Why: verifying a JWT (two JSON parses, a base64 decode, an RSA signature) was 54 % of
 * analytics-service's CPU for a stored view's GET (JFR, 2026-12-04), and a front-end sends the
 * same token with every request for minutes. {@code maxAge} bounds how long a token stays
 * accepted after its signing key left the realm's key set (local verification never sees a
 * revocation, cached or not).
 *
 * <p>Bounded: at most {@code maxEntries} tokens; when full, the expired ones go, and if none
 * has expired the token is not kept (it is verified again next time).
 */
public final class VerifiedTokens<I> {

    private record Entry<I>(I identity, Instant until) {}

    private final Map<String, Entry<I>> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final Duration maxAge;

    public VerifiedTokens(int maxEntries, Duration maxAge) {
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
    }

    /** The identity verified for exactly this token, while neither the token nor the entry has expired. */
    public Optional<I> find(String token, Instant now) {
        Entry<I> entry = entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (!now.isBefore(entry.until())) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        return Optional.of(entry.identity());
    }

    /**
     * Keeps a token the provider has just verified, expiring at {@code expiresAt} (the token's
     * {@code exp}); a token kept already keeps its entry (a hit never extends an entry's life).
     */
    public void keep(String token, Instant expiresAt, I identity, Instant now) {
        Instant until = now.plus(maxAge);
        if (expiresAt.isBefore(until)) {
            until = expiresAt;
        }
        if (maxEntries <= 0 || !now.isBefore(until) || entries.containsKey(token)) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.putIfAbsent(token, new Entry<>(identity, until));
    }

    public boolean contains(String token) {
        return entries.containsKey(token);
    }

    public int size() {
        return entries.size();
    }
}
