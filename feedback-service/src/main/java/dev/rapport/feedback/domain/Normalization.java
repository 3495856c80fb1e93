package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Maps a total onto 0–100 with 100 at the good end.
 *
 * @param min the lowest possible total
 * @param max the highest possible total
 */
public record Normalization(BigDecimal min, BigDecimal max, Direction direction) {

    public Normalization {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(direction, "direction");
    }
}
