package dev.rapport.feedback.domain;

/** What an instrument measures; decides which figure of the counsellor view a form feeds. */
public enum Construct {
    ALLIANCE("alliance"),
    EMPATHY("empathy"),
    OUTCOME("outcome");

    private final String jsonName;

    Construct(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling used in definition files and in the API. */
    public String jsonName() {
        return jsonName;
    }
}
