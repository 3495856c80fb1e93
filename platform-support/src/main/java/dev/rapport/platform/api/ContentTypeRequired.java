package dev.rapport.platform.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request body without a Content-Type is refused (415), as the OpenAPI documents promise:
 * Quarkus REST would otherwise read it as JSON and store it (found by the hostile-input suite,
 * e2e HostileInputTest). Every body a Rapport service takes is application/json.
 */
public class ContentTypeRequired {

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> refuseUntypedBody(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null && hasBody(request)) {
            Problem problem = Problem.of(415, "Unsupported Media Type", "A request body needs Content-Type: application/json");
            return Optional.of(Response.status(415).type(Problem.MEDIA_TYPE).entity(problem).build());
        }
        return Optional.empty();
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }
}
