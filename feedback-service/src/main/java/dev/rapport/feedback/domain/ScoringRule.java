package dev.rapport.feedback.domain;

/** How item answers combine into a total. Only a plain sum is needed by any instrument so far. */
public enum ScoringRule {
    SUM("sum");

    private final String jsonName;

    ScoringRule(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
