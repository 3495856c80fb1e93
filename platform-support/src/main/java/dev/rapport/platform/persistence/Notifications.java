package dev.rapport.platform.persistence;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
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

    public Notifications(Vertx vertx,
                         @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
                         @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "postgres") String user,
                         @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", ""))
                .setUser(user).setPassword(password.orElse(""));
    }

    /** A new, unconnected subscriber: add channel handlers, then connect. */
    public PgSubscriber subscriber() {
        return PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
    }
}
