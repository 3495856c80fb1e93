package dev.rapport.platform.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The LISTEN connection is opened with the datasource's TLS settings, as the pool is. */
class NotificationsTest {

    @Test
    void verifyFullWithTheClusterCaAsDeployed() {
        PgConnectOptions options = new Notifications(null, "postgresql://rapport-db-rw:5432/rapport_session", "rapport_session",
                Optional.of("secret"), Optional.of("verify-full"), false, true, Optional.of(List.of("/etc/rapport/db-ca/ca.crt")),
                Optional.of("HTTPS")).options();
        assertEquals(SslMode.VERIFY_FULL, options.getSslMode());
        assertEquals(List.of("/etc/rapport/db-ca/ca.crt"), options.getPemTrustOptions().getCertPaths());
        assertEquals("HTTPS", options.getHostnameVerificationAlgorithm());
        assertFalse(options.isTrustAll());
        assertEquals("rapport-db-rw", options.getHost());
        assertEquals("rapport_session", options.getUser());
    }

    @Test
    void plainLocally() {
        PgConnectOptions options = new Notifications(null, "postgresql://127.0.0.1:5432/rapport_session", "postgres",
                Optional.empty(), Optional.empty(), false, false, Optional.empty(), Optional.empty()).options();
        assertEquals(SslMode.DISABLE, options.getSslMode());
        assertNull(options.getPemTrustOptions());
    }
}
