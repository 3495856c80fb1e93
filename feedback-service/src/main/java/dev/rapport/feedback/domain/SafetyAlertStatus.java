package dev.rapport.feedback.domain;

/**
 * The life of a safety alert. Only a person moves it on: a counsellor of the client or a
 * supervisor acknowledges it (someone has picked it up) and resolves it with an outcome. A later
 * form never closes it. Escalation is not a status: an OPEN alert stays OPEN when escalated.
 */
public enum SafetyAlertStatus {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED;

    /** The status after an acknowledgement, or an explanation of why there can be none. */
    public SafetyAlertStatus acknowledged() {
        if (this != OPEN) {
            throw new IllegalAlertTransitionException("The alert is " + this + "; only an OPEN alert can be acknowledged");
        }
        return ACKNOWLEDGED;
    }

    public SafetyAlertStatus resolved() {
        if (this == RESOLVED) {
            throw new IllegalAlertTransitionException("The alert is RESOLVED already");
        }
        return RESOLVED;
    }

    public static class IllegalAlertTransitionException extends RuntimeException {
        public IllegalAlertTransitionException(String message) {
            super(message, null, false, false);
        }
    }
}
