package dev.rapport.feedback.domain;

/**
 * Which end of an instrument's total is the good one. Normalised scores are always oriented so
 * that 100 is the good end, which lets analytics average alliance, empathy and outcome alike.
 */
public enum Direction {
    HIGHER_BETTER("higher-better"),
    LOWER_BETTER("lower-better");

    private final String jsonName;

    Direction(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
