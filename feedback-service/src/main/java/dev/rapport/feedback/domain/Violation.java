package dev.rapport.feedback.domain;

import java.util.Objects;

/**
 * One problem with a submitted form, shaped like an entry of problem+json {@code violations}.
 *
 * @param field e.g. "answers.9"
 */
public record Violation(String field, String message) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
