package dev.rapport.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every failure leaves as problem+json with the status the client must see, and nothing of the input. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    record Answer(@NotNull UUID clientId, @Max(10) int score) {}

    @Test
    void aProblemExceptionKeepsItsStatusAndHeaders() {
        Response response = mappers.problem(new ProblemException(Problem.of(409, "Conflict", "not yet"), Map.of("Retry-After", "2")));
        assertEquals(409, response.getStatus());
        assertEquals("2", response.getHeaderString("Retry-After"));
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
    }

    @Test
    void constraintViolationsAreA400NamingEachFieldWithoutItsPath() {
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
        var violations = validator.validate(new Answer(null, 11));
        Problem problem = body(mappers.invalid(new ConstraintViolationException(violations)), 400);
        assertEquals(List.of("clientId", "score"), problem.violations().stream().map(Problem.Violation::field).toList());
    }

    @Test
    void aBodyOfTheWrongShapeIsA400NamingTheFieldButNotEchoingItsValue() throws Exception {
        MismatchedInputException e = null;
        try {
            new ObjectMapper().readValue("{\"score\":\"secret-health-data\"}", Answer.class);
        } catch (MismatchedInputException thrown) {
            e = thrown;
        }
        Problem problem = body(mappers.mismatchedInput(e), 400);
        assertEquals("score", problem.violations().get(0).field());
        assertFalse(problem.toString().contains("secret-health-data"), problem.toString());
    }

    @Test
    void securityFailuresAre401And403() {
        body(mappers.unauthorized(new UnauthorizedException()), 401);
        body(mappers.forbidden(new ForbiddenException()), 403);
    }

    @Test
    void anythingUnexpectedIsA500ThatTellsNothingOfTheCause() {
        Problem problem = body(mappers.unexpected(new IllegalStateException("client 1234 has PHQ-9 item 9 = 3")), 500);
        assertFalse(problem.detail().contains("1234"), problem.detail());
        assertNull(problem.violations());
    }

    @Test
    void aWebApplicationExceptionKeepsItsStatus() {
        body(mappers.webApplication(new NotFoundException("gone")), 404);
    }

    private static Problem body(Response response, int status) {
        assertEquals(status, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        Problem problem = (Problem) response.getEntity();
        assertEquals(status, problem.status());
        return problem;
    }

    @Test
    void aParameterJaxRsCannotConvertIsA400AndAnUnknownResourceStaysA404() {
        assertEquals(400, mappers.webApplication(new NotFoundException(new NumberFormatException("For input string: \"abc\""))).getStatus());
        assertEquals(404, mappers.webApplication(new NotFoundException()).getStatus());
    }
}
