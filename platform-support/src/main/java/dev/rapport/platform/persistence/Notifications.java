package dev.rapport.platform.persistence;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PostgreSQL LISTEN connections to the service's own database (the reactive pool cannot hold a
 * LISTEN: its connections are shared). NOTIFY is delivered on commit, never for a rolled-back
 * transaction, so a listener hears only of changes that happened. The connection reconnects by
 * itself every second after it drops; a listener must therefore treat a notification as a hint
 * and read the state from the database.
 */
@ApplicationScoped
public class Notifications {

    private final Vertx vertx;
    private final PgConnectOptions options;

    /**
     * The datasource's address, credentials and TLS settings (the same properties the reactive
     * pool is configured with), so that a deployment that verifies PostgreSQL's certificate does
     * so here too.
     */
    public Notifications(Vertx vertx,
                         @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
                         @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "postgres") String user,
                         @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                         @ConfigProperty(name = "quarkus.datasource.reactive.postgresql.ssl-mode") Optional<String> sslMode,
                         @ConfigProperty(name = "quarkus.datasource.reactive.trust-all", defaultValue = "false") boolean trustAll,
                         @ConfigProperty(name = "quarkus.datasource.reactive.trust-certificate-pem", defaultValue = "false") boolean trustPem,
                         @ConfigProperty(name = "quarkus.datasource.reactive.trust-certificate-pem.certs") Optional<List<String>> pemCerts,
                         @ConfigProperty(name = "quarkus.datasource.reactive.hostname-verification-algorithm") Optional<String> hostnameVerification) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", ""))
                .setUser(user).setPassword(password.orElse(""));
        sslMode.ifPresent(mode -> options.setSslMode(SslMode.of(mode)));
        options.setTrustAll(trustAll);
        if (trustPem) {
            PemTrustOptions pem = new PemTrustOptions();
            pemCerts.orElse(List.of()).forEach(pem::addCertPath);
            options.setPemTrustOptions(pem);
        }
        hostnameVerification.filter(algorithm -> !algorithm.equalsIgnoreCase("NONE")).ifPresent(options::setHostnameVerificationAlgorithm);
    }

    /** The options a LISTEN connection is opened with. */
    PgConnectOptions options() {
        return options;
    }

    /** A new, unconnected subscriber: add channel handlers, then connect. */
    public PgSubscriber subscriber() {
        return PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
    }
}
