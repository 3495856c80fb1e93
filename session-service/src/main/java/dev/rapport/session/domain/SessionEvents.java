package dev.rapport.session.domain;

/** The names of session-events, the topic's contract with its consumers. */
public final class SessionEvents {

    public static final String TOPIC = "session-events";
    public static final String SCHEDULED = type("scheduled");

    private SessionEvents() {}

    static String type(String verb) {
        return "rapport.session." + verb + ".v1";
    }

    /** Whether the type is one of the topic's: scheduled or a transition's. */
    public static boolean isType(String type) {
        return SCHEDULED.equals(type) || java.util.Arrays.stream(Transition.values()).anyMatch(t -> t.eventType().equals(type));
    }
}
