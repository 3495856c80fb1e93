package dev.rapport.platform.api;

import java.util.List;
import java.util.Map;

/**
 * A refusal the use case decides on (conflict, not found, invalid input): the one exception type
 * that services throw for the client to see; {@link ProblemMappers} turns it into problem+json.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not found", detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "Forbidden", detail));
    }

    public static ProblemException unprocessable(String detail, List<Problem.Violation> violations) {
        return new ProblemException(Problem.invalid(422, detail, violations));
    }

    public static ProblemException invalidParameter(String field, String message) {
        return new ProblemException(Problem.invalid(400, field + " " + message, List.of(new Problem.Violation(field, message))));
    }
}
