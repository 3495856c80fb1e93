package dev.rapport.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How many verified bearer tokens a service keeps, and for how long at most ({@link VerifiedTokens}). */
@ConfigMapping(prefix = "rapport.security.verified-tokens")
public interface VerifiedTokensConfig {

    /** Tokens kept at once (about 2 KB each with their identity); 0 verifies every request's token. */
    @WithDefault("2000")
    int maxEntries();

    /**
     * The longest a token is kept, however long it lives: how long it stays accepted after its
     * signing key is removed from the realm.
     */
    @WithDefault("60s")
    Duration maxAge();
}
