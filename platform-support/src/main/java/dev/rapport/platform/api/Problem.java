package dev.rapport.platform.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/** An RFC 9457 problem detail, the body of every error response of every Rapport service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input: the field (as the client sent it, e.g. {@code answers.9}) and why. */
    public record Violation(String field, String message) {}

    public static Problem of(int status, String title, String detail) {
        return new Problem(typeFor(title), title, status, detail, null);
    }

    public static Problem invalid(int status, String detail, List<Violation> violations) {
        return new Problem(typeFor("Invalid request"), "Invalid request", status, detail, violations);
    }

    private static URI typeFor(String title) {
        return URI.create("https://rapport.dev/problems/" + title.toLowerCase().replaceAll("[^a-z0-9]+", "-"));
    }
}
