package dev.rapport.feedback.domain;

/**
 * When in a session an instrument is taken, which decides from which session status on a form is
 * accepted. Outcome instruments measure how the client arrives, so they are taken at the start;
 * alliance and empathy instruments rate the session itself, so only once it has ended. The
 * definition states it rather than deriving it from the construct, so that an organisation's own
 * instrument can choose.
 */
public enum Administered {
    START("start"),
    END("end");

    private final String jsonName;

    Administered(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling used in definition files. */
    public String jsonName() {
        return jsonName;
    }
}
