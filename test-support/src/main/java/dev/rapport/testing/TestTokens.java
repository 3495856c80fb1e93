package dev.rapport.testing;

import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bearer tokens shaped like Keycloak's (sub, aud, realm_access.roles), signed with the test-only
 * key whose public half the services trust in the test profile. Never valid outside tests.
 */
public final class TestTokens {

    public static final String ISSUER = "https://rapport.test/issuer";
    public static final String AUDIENCE = "rapport-api";
    private static final String KEY = "rapport-test/token-signing-key.pem";

    private TestTokens() {}

    public static String token(UUID subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(subject.toString())
                .audience(AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(600)
                .sign(KEY);
    }

    /** A token that is right in every way except its audience, which the services must refuse. */
    public static String tokenForAnotherAudience(UUID subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(subject.toString())
                .audience("another-api")
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(600)
                .sign(KEY);
    }

    public static String bearer(UUID subject, String... roles) {
        return "Bearer " + token(subject, roles);
    }
}
