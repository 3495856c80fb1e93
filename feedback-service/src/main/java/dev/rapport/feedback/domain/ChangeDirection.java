package dev.rapport.feedback.domain;

/** Which way the raw total moves when a client gets better (ORS rises, PHQ-9 drops). */
public enum ChangeDirection {
    INCREASE("increase"),
    DECREASE("decrease");

    private final String jsonName;

    ChangeDirection(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
