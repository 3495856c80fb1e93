package dev.rapport.feedback.domain;

import java.math.BigDecimal;
import java.util.Objects;

/** A named range of the total, both ends inclusive (PHQ-9 "mild" = 5–9). */
public record Band(String name, BigDecimal min, BigDecimal max) {

    public Band {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
    }
}
