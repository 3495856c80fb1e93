package dev.rapport.platform.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of every service leaves as application/problem+json (RFC 9457), here and nowhere
 * else. Nothing of the request body is echoed back or logged: it may hold health data.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Problem problem = e.problem();
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        String detail = violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
        return respond(Problem.invalid(400, detail, violations));
    }

    /** Two concurrent changes of one record: the later one lost the race (optimistic lock). */
    @ServerExceptionMapper
    public Response concurrentChange(OptimisticLockException e) {
        return respond(Problem.of(409, "Conflict", "The record was changed concurrently; read it again and retry"));
    }

    @ServerExceptionMapper
    public Response staleState(StaleStateException e) {
        return concurrentChange(null);
    }

    /** A unique constraint lost a race (e.g. two submissions of one form at once): the later one conflicts. */
    @ServerExceptionMapper
    public Response duplicate(org.hibernate.exception.ConstraintViolationException e) {
        return respond(Problem.of(409, "Conflict", "The record exists already"));
    }

    // Quarkus REST has built-in mappers for these Jackson exceptions that answer plain JSON;
    // naming the exact types here makes ours win.
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unparsable(JsonParseException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = pathOf(mapping);
            String message;
            if (e instanceof UnrecognizedPropertyException) {
                message = "is not a known field";
            } else if (e instanceof MismatchedInputException mismatch) {
                message = "has the wrong type or format (expected " + simpleType(mismatch.getTargetType()) + ")";
            } else {
                message = "is invalid";
            }
            return respond(Problem.invalid(400, field + " " + message, List.of(new Problem.Violation(field, message))));
        }
        return respond(Problem.of(400, "Malformed JSON", "The request body is not valid JSON"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        if (e.getCause() instanceof ProblemException problem) {
            return problem(problem);
        }
        if (e instanceof jakarta.ws.rs.NotFoundException && e.getCause() != null && !(e.getCause() instanceof WebApplicationException)) {
            // JAX-RS answers a query or path parameter it cannot convert (page=abc, size=2^64) with
            // 404, the cause being the conversion's failure: the resource exists, the request is wrong.
            return respond(Problem.of(400, "Invalid request", "A query or path parameter has the wrong type or is out of range"));
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return respond(Problem.of(status, title, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated(null);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e) {
        Problem problem = Problem.of(401, "Unauthorized", "A valid bearer token is required");
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer").entity(problem).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "The caller's role does not allow this"));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.errorf("Unexpected %s: %s", e.getClass().getName(), e.getMessage());
        LOG.debug("Unexpected failure", e);
        return respond(Problem.of(500, "Internal error", "The request could not be processed"));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "create.request.clientId" (method, parameter, field) → "clientId"; query parameters keep their name.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return type.getSimpleName();
    }
}
