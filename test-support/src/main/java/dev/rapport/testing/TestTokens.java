package dev.rapport.testing;

import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
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

    /** A right token that expires {@code lifetime} from now (for what must end with the token). */
    public static String token(UUID subject, java.time.Duration lifetime, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(subject.toString())
                .audience(AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresAt(Instant.now().plus(lifetime))
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

    /** A token signed right whose subject is not a person's id (a service account's, say). */
    public static String tokenForSubject(String subject, String... roles) {
        return Jwt.issuer(ISSUER).subject(subject).audience(AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles))).expiresIn(600).sign(KEY);
    }

    /**
     * Tokens a service must refuse (401), each wrong in one way only, for a subject and roles that
     * a right token would let in: by name, in a stable order.
     */
    public static Map<String, String> refused(UUID subject, String... roles) {
        Map<String, String> tokens = new LinkedHashMap<>();
        Instant now = Instant.now();
        tokens.put("expired", Jwt.issuer(ISSUER).subject(subject.toString()).audience(AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .issuedAt(now.minusSeconds(3600)).expiresAt(now.minusSeconds(600)).sign(KEY));
        tokens.put("another issuer", Jwt.issuer("https://keycloak.example/realms/other").subject(subject.toString()).audience(AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles))).expiresIn(600).sign(KEY));
        tokens.put("another audience", tokenForAnotherAudience(subject, roles));
        tokens.put("forged signature", Jwt.issuer(ISSUER).subject(subject.toString()).audience(AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles))).expiresIn(600).sign(anotherKey()));
        // A right token whose payload is swapped for one that claims more: the signature no longer fits.
        String[] right = token(subject, roles).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(right[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"roles\":\\[[^\\]]*\\]", "\"roles\":[\"admin\",\"tampered\"]");
        tokens.put("tampered payload", right[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + right[2]);
        // The same claims without any signature ("alg": "none").
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        tokens.put("unsigned", none + "." + right[1] + ".");
        tokens.put("not a token", "not-a-jwt");
        return tokens;
    }

    private static PrivateKey anotherKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
