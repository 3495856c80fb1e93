package dev.rapport.platform.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Query parameters parsed by hand: JAX-RS answers an unconvertible query parameter with 404,
 * where a client deserves a 400 that names the parameter.
 */
public final class QueryParams {

    private QueryParams() {}

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter(name, "must be an ISO-8601 instant such as 2026-01-31T09:00:00Z");
        }
    }

    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidParameter(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
