package dev.rapport.feedback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "rapport.feedback")
public interface FeedbackConfig {

    /** An organisation's own instrument definitions (licensed wording, new instruments); env RAPPORT_FEEDBACK_INSTRUMENTS_DIR. */
    Optional<Path> instrumentsDir();

    /** How long after a session's end its client may still give feedback. */
    @WithDefault("P14D")
    Duration window();

    /** What a client is told to wait when the session's end has not reached this service yet. */
    @WithDefault("2")
    int retryAfterSeconds();
}
