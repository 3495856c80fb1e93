package dev.rapport.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is a 413 problem+json.
 * Quarkus's own check (a route at {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}) answers it
 * with an empty body before any exception mapper runs; this route runs just ahead of it and
 * answers as every other refusal does (found by the hostile-input suite, e2e HostileInputTest).
 * A chunked body over the limit fails while it is read and reaches {@link ProblemMappers}.
 */
@ApplicationScoped
public class BodyLimitProblems {

    private final Optional<MemorySize> limit;
    private final String body;

    public BodyLimitProblems(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit, ObjectMapper json)
            throws JsonProcessingException {
        this.limit = limit;
        this.body = json.writeValueAsString(Problem.of(413, "Payload Too Large",
                "The request body is larger than " + limit.map(MemorySize::asLongValue).orElse(0L) + " bytes"));
    }

    void install(@Observes Router router) {
        if (limit.isPresent()) {
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseOversized);
        }
    }

    void refuseOversized(RoutingContext context) {
        if (declaredLength(context) > limit.get().asLongValue()) {
            // the rest of the body is not read: the connection ends with the answer
            context.response().endHandler(ended -> context.request().connection().close());
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body);
            return;
        }
        context.next();
    }

    private static long declaredLength(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
