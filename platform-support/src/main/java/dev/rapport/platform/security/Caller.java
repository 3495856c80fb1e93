package dev.rapport.platform.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, as the validated token says: the person's id is the token's {@code sub}, never
 * a value from the request body.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    /** The person's id; a token whose subject is not one (a service account's, say) is refused as unauthorized, not a 500. */
    public UUID id() {
        String subject = token.getSubject();
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnauthorizedException("The token's subject is not a person's id");
        }
    }

    /** When the token expires ({@code exp}); empty for a token without one. */
    public Optional<Instant> expiresAt() {
        long exp = token.getExpirationTime();
        return exp > 0 ? Optional.of(Instant.ofEpochSecond(exp)) : Optional.empty();
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    public boolean isAny(String... roles) {
        for (String role : roles) {
            if (identity.hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    /** The caller's strongest role, for audit lines. */
    public String role() {
        for (String role : Roles.BY_REACH) {
            if (identity.hasRole(role)) {
                return role;
            }
        }
        return "none";
    }
}
