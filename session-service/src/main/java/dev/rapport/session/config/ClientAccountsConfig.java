package dev.rapport.session.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Who may be scheduled as a client: an account of the identity provider with the realm role
 * {@code client}, looked up in Keycloak's admin API with this service's own service account
 * (client credentials; its only role there is realm-management's view-users).
 */
@ConfigMapping(prefix = "rapport.session.client-accounts")
public interface ClientAccountsConfig {

    /** Off only where the identity provider has no accounts for the ids in use (the module tests' self-signed tokens). */
    @WithDefault("true")
    boolean check();

    /** The realm's URL, e.g. https://auth.example.org/realms/rapport (default: the OIDC server's). */
    Optional<String> realmUrl();

    /** This service's client in the realm. */
    @WithDefault("session-service")
    String clientId();

    /** Its secret (RAPPORT_SESSION_CLIENT_ACCOUNTS_SECRET). */
    Optional<String> secret();

    /** How long a confirmed client account is believed without asking again. */
    @WithDefault("PT10M")
    Duration cacheFor();

    /** How long a lookup may take before scheduling answers 503. */
    @WithDefault("PT5S")
    Duration timeout();
}
