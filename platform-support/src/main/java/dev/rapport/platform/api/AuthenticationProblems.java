package dev.rapport.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A request with an invalid bearer token (expired, wrong issuer, audience or signature) is refused
 * before it reaches a resource, where {@link ProblemMappers} cannot answer it; without this the
 * refusal is a bare 401. Here it becomes the problem+json that the OpenAPI documents promise.
 */
@ApplicationScoped
public class AuthenticationProblems {

    private final String body;

    public AuthenticationProblems(ObjectMapper json) throws JsonProcessingException {
        this.body = json.writeValueAsString(Problem.of(401, "Unauthorized", "A valid bearer token is required"));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::unauthenticated);
    }

    private void unauthenticated(RoutingContext context) {
        Throwable failure = context.failure();
        if (!(failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException)
                || context.response().headWritten()) {
            context.next();
            return;
        }
        context.response().setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("WWW-Authenticate", "Bearer")
                .end(body);
    }
}
