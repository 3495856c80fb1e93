package dev.rapport.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The caller is the token's subject and roles, nothing else. */
class CallerTest {

    @Test
    void theIdIsTheTokensSubject() {
        UUID subject = UUID.randomUUID();
        assertEquals(subject, caller(subject.toString(), Roles.COUNSELLOR).id());
    }

    @Test
    void aSubjectThatIsNotAPersonsIdIsUnauthorized() {
        assertThrows(UnauthorizedException.class, () -> caller("service-account-rapport", Roles.ADMIN).id());
    }

    @Test
    void rolesAreTheIdentitysAndTheStrongestOneIsNamedForTheAudit() {
        Caller supervisor = caller(UUID.randomUUID().toString(), Roles.COUNSELLOR, Roles.SUPERVISOR);
        assertTrue(supervisor.is(Roles.SUPERVISOR));
        assertFalse(supervisor.is(Roles.ADMIN));
        assertTrue(supervisor.isAny(Roles.ADMIN, Roles.COUNSELLOR));
        assertFalse(supervisor.isAny(Roles.ADMIN, Roles.ANALYST));
        assertEquals(Roles.SUPERVISOR, supervisor.role());
        assertEquals(Roles.ADMIN, caller(UUID.randomUUID().toString(), Roles.CLIENT, Roles.ADMIN).role());
        assertEquals("none", caller(UUID.randomUUID().toString()).role());
    }

    private static Caller caller(String subject, String... roles) {
        Principal principal = () -> subject;
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(principal);
        for (String role : roles) {
            identity.addRole(role);
        }
        JsonWebToken token = (JsonWebToken) Proxy.newProxyInstance(CallerTest.class.getClassLoader(), new Class<?>[] {JsonWebToken.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSubject", "getName" -> subject;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new Caller(identity.build(), token);
    }
}
