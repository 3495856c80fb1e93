package dev.rapport.feedback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "rapport.feedback")
public interface FeedbackConfig {

    /** An organisation's own instrument definitions (licensed wording, new instruments); env RAPPORT_FEEDBACK_INSTRUMENTS_DIR. */
    Optional<Path> instrumentsDir();

    /** How long after a session's end its client may still give feedback. */
    @WithDefault("P14D")
    Duration window();

    /** What a client is told to wait when the session's start or end has not reached this service yet. */
    @WithDefault("2")
    int retryAfterSeconds();

    Safety safety();

    CrisisSupport crisisSupport();

    /** The safety pathway (docs/domain.md "The safety pathway"). */
    interface Safety {

        /** An alert still OPEN this long after it was raised is escalated to every supervisor; env RAPPORT_FEEDBACK_SAFETY_ESCALATE_AFTER. */
        @WithDefault("PT60M")
        Duration escalateAfter();

        /** How often each instance looks for alerts to escalate; an alert escalates at most this late. */
        @WithDefault("PT15S")
        Duration escalationCheck();

        /** How many alerts one escalation pass takes (the next pass takes the rest). */
        @WithDefault("100")
        int escalationBatch();

        /** Open safety streams per instance; one more is refused with 429 (OWASP API4). */
        @WithDefault("1000")
        int maxStreams();
    }

    /**
     * What a client reads after a risk answer, so that they are never left with only "thank
     * you". An organisation sets its own crisis line; the default is neutral and points to local
     * emergency services.
     */
    interface CrisisSupport {

        /** Env RAPPORT_FEEDBACK_CRISIS_SUPPORT_MESSAGE. */
        @WithDefault("Thank you for telling us. Your care team has been told about your answer and will contact you. "
                + "If you are in danger now, or might act on thoughts of harming yourself, call your local emergency number "
                + "or go to the nearest emergency department.")
        String message();

        /** Env RAPPORT_FEEDBACK_CRISIS_SUPPORT_CONTACTS, comma-separated. */
        @WithDefault("Local emergency services: your local emergency number")
        List<String> contacts();
    }
}
