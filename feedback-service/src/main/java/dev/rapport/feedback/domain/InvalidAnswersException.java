package dev.rapport.feedback.domain;

import java.util.List;
import java.util.stream.Collectors;

/** A form with at least one bad answer; carries every problem so the client can fix them in one go. */
public class InvalidAnswersException extends RuntimeException {

    private final String instrumentId;
    private final List<Violation> violations;

    public InvalidAnswersException(String instrumentId, List<Violation> violations) {
        super("invalid answers for " + instrumentId + ": " + violations.stream()
                .map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an InvalidAnswersException needs at least one violation");
        }
        this.instrumentId = instrumentId;
        this.violations = List.copyOf(violations);
    }

    public String instrumentId() {
        return instrumentId;
    }

    public List<Violation> violations() {
        return violations;
    }
}
