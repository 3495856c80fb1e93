package dev.rapport.feedback.domain;

import java.util.Objects;

public record Scoring(ScoringRule rule, Normalization normalization) {

    public Scoring {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(normalization, "normalization");
    }
}
