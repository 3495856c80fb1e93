package dev.rapport.platform.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;

/**
 * Serves a bearer token that the OIDC provider verified before from {@link VerifiedTokens},
 * instead of verifying it again: an identity provider that runs before OIDC's (a miss answers
 * nothing, and OIDC verifies), and an augmentor that keeps what OIDC verified.
 *
 * <p>What is kept is OIDC's identity without what belongs to its request (the routing context);
 * a hit gets the current request's. Roles and the token's scopes (OIDC's permissions) are kept.
 */
@ApplicationScoped
public class VerifiedTokenIdentities implements IdentityProvider<TokenAuthenticationRequest> {

    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String BLOCKING_API = AuthenticationRequestContext.class.getName();

    private final VerifiedTokens<SecurityIdentity> tokens;
    private final Counter hits;
    private final Counter misses;

    public VerifiedTokenIdentities(VerifiedTokensConfig config, MeterRegistry registry) {
        this.tokens = new VerifiedTokens<>(config.maxEntries(), config.maxAge());
        String name = "rapport.security.verified.tokens";
        String description = "Bearer tokens served from the verified tokens (hit) or verified by OIDC (miss)";
        this.hits = Counter.builder(name).tag("result", "hit").description(description).register(registry);
        this.misses = Counter.builder(name).tag("result", "miss").description(description).register(registry);
        Gauge.builder("rapport.security.verified.tokens.kept", tokens, VerifiedTokens::size)
                .description("Verified bearer tokens kept (at most rapport.security.verified-tokens.max-entries)").register(registry);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before OIDC's provider, whose priority is the default ({@code SYSTEM_FIRST + 1}). */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 100;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        Optional<SecurityIdentity> kept = request.getToken() instanceof AccessTokenCredential credential
                ? tokens.find(credential.getToken(), Instant.now())
                : Optional.empty();
        if (kept.isEmpty()) {
            misses.increment();
            return Uni.createFrom().nullItem();
        }
        hits.increment();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder(kept.get());
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(ROUTING_CONTEXT, routing).addAttribute(BLOCKING_API, routing.get(BLOCKING_API));
        }
        return Uni.createFrom().item(identity.build());
    }

    /** Keeps an identity OIDC has just built from a JWT access token (the first augmentor to run). */
    void keep(SecurityIdentity identity) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof OidcJwtCallerPrincipal jwt)
                || credential == null || credential.isOpaque() || tokens.contains(credential.getToken())) {
            return;
        }
        QuarkusSecurityIdentity.Builder kept = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials());
        for (Map.Entry<String, Object> attribute : identity.getAttributes().entrySet()) {
            if (!attribute.getKey().equals(ROUTING_CONTEXT) && !attribute.getKey().equals(BLOCKING_API)) {
                kept.addAttribute(attribute.getKey(), attribute.getValue());
            }
        }
        if (jwt.getClaim("scope") instanceof String scope && !scope.isBlank()) {
            kept.addPermissionsAsString(new HashSet<>(Arrays.asList(scope.trim().split("\\s+"))));
        }
        tokens.keep(credential.getToken(), Instant.ofEpochSecond(jwt.getExpirationTime()), kept.build(), Instant.now());
    }

    /** Runs first among the augmentors, so that what is kept is OIDC's identity, not what later augmentors add. */
    @ApplicationScoped
    static class Keeper implements SecurityIdentityAugmentor {

        private final VerifiedTokenIdentities identities;

        Keeper(VerifiedTokenIdentities identities) {
            this.identities = identities;
        }

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            identities.keep(identity);
            return Uni.createFrom().item(identity);
        }
    }
}
