package dev.rapport.session.domain;

/** The names of session-events, the topic's contract with its consumers. */
public final class SessionEvents {

    public static final String TOPIC = "session-events";
    public static final String SCHEDULED = type("scheduled");

    private SessionEvents() {}

    static String type(String verb) {
        return "rapport.session." + verb + ".v1";
    }
}
