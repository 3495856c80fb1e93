package dev.rapport.session.service;

import dev.rapport.platform.api.Problem;
import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.security.Roles;
import dev.rapport.session.config.ClientAccountsConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.uritemplate.UriTemplate;
import io.vertx.mutiny.uritemplate.Variables;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether an id is a client account: a user of the realm holding the realm role {@code client}
 * (directly or through a composite role or group). A counsellor schedules sessions for client
 * accounts only, never for an arbitrary id. Asked of Keycloak's admin API with this service's
 * service-account token (fetched by client credentials and reused until shortly before it
 * expires); a confirmed account is believed for {@code cache-for}.
 */
@ApplicationScoped
public class ClientAccounts {

    private static final Logger LOG = Logger.getLogger(ClientAccounts.class);
    private static final UriTemplate ROLES = UriTemplate.of("{+admin}/users/{id}/role-mappings/realm/composite");

    private final ClientAccountsConfig config;
    private final WebClient http;
    private final String realmUrl;
    private final String adminUrl;
    private final Map<UUID, Instant> confirmed = new ConcurrentHashMap<>();
    private volatile Token token;

    private record Token(String value, Instant renewAt) {}

    public ClientAccounts(ClientAccountsConfig config, Vertx vertx,
                          @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> oidcServer) {
        this.config = config;
        this.http = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.timeout().toMillis())
                .setIdleTimeout((int) config.timeout().toSeconds() + 1));
        this.realmUrl = config.realmUrl().or(() -> oidcServer).orElse("").replaceAll("/+$", "");
        this.adminUrl = realmUrl.replaceFirst("/realms/", "/admin/realms/");
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /**
     * Completes when {@code clientId} is a client account; fails with 422 naming {@code clientId}
     * when it is not (no such user, or a user without the role), with 503 when the identity
     * provider cannot be asked now.
     */
    public Uni<Void> verify(UUID clientId) {
        if (!config.check()) {
            return Uni.createFrom().voidItem();
        }
        Instant until = confirmed.get(clientId);
        if (until != null && until.isAfter(Instant.now())) {
            return Uni.createFrom().voidItem();
        }
        return token()
                .chain(bearer -> http.getAbs(ROLES.expandToString(Variables.variables().set("admin", adminUrl).set("id", clientId.toString())))
                        .bearerTokenAuthentication(bearer)
                        .timeout(config.timeout().toMillis())
                        .send())
                .onFailure().transform(ClientAccounts::unavailable)
                .map(response -> {
                    if (response.statusCode() == 404 || (response.statusCode() == 200 && !hasClientRole(response.bodyAsJsonArray()))) {
                        throw new ProblemException(Problem.invalid(422, "clientId is not a client account",
                                List.of(new Problem.Violation("clientId", "must be the id of a client account"))));
                    }
                    if (response.statusCode() != 200) {
                        if (response.statusCode() == 401) {
                            token = null;
                        }
                        LOG.warnf("The identity provider answered %d to a client account lookup", response.statusCode());
                        throw unavailable(null);
                    }
                    confirmed.put(clientId, Instant.now().plus(config.cacheFor()));
                    return null;
                });
    }

    private static boolean hasClientRole(JsonArray roles) {
        for (int i = 0; i < roles.size(); i++) {
            if (Roles.CLIENT.equals(roles.getJsonObject(i).getString("name"))) {
                return true;
            }
        }
        return false;
    }

    private Uni<String> token() {
        Token current = token;
        if (current != null && current.renewAt().isAfter(Instant.now())) {
            return Uni.createFrom().item(current.value());
        }
        return http.postAbs(realmUrl + "/protocol/openid-connect/token")
                .timeout(config.timeout().toMillis())
                .sendForm(MultiMap.caseInsensitiveMultiMap()
                        .add("grant_type", "client_credentials")
                        .add("client_id", config.clientId())
                        .add("client_secret", config.secret().orElse("")))
                .map(this::keep);
    }

    private String keep(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            LOG.warnf("The identity provider refused this service's client credentials (%d)", response.statusCode());
            throw unavailable(null);
        }
        JsonObject body = response.bodyAsJsonObject();
        long seconds = body.getLong("expires_in", 60L);
        token = new Token(body.getString("access_token"), Instant.now().plusSeconds(Math.max(5, seconds - 30)));
        return token.value();
    }

    private static ProblemException unavailable(Throwable cause) {
        if (cause instanceof ProblemException problem) {
            return problem;
        }
        if (cause != null) {
            LOG.warnf("Client account lookup failed (%s)", cause.getClass().getSimpleName());
        }
        return new ProblemException(Problem.of(503, "Service unavailable",
                "Whether the client id is a client account cannot be checked now; try again shortly"), Map.of("Retry-After", "5"));
    }
}
