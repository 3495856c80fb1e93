package dev.rapport.feedback.api;

import dev.rapport.feedback.config.FeedbackConfig;
import java.util.List;

/** The organisation's crisis-support text, shown to a client right after a risk answer. */
public record SupportJson(String message, List<String> contacts) {

    static SupportJson of(FeedbackConfig.CrisisSupport support) {
        return new SupportJson(support.message(), List.copyOf(support.contacts()));
    }
}
