package dev.rapport.analytics.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One client's histories, per instrument, as the service keeps them.
 *
 * @param clientRef the pseudonymous client reference (never the client id)
 * @param alliance  alliance instrument id (wai-sr, srs) → scorable forms
 * @param outcomes  outcome instrument id (ors, phq-9, gad-7) → scorable forms
 */
public record ClientScores(
        String clientRef,
        Map<String, List<FeedbackScore>> alliance,
        Map<String, List<FeedbackScore>> outcomes) {

    public ClientScores {
        Objects.requireNonNull(clientRef, "clientRef");
        alliance = copy(alliance);
        outcomes = copy(outcomes);
    }

    private static Map<String, List<FeedbackScore>> copy(Map<String, List<FeedbackScore>> histories) {
        Map<String, List<FeedbackScore>> copy = new LinkedHashMap<>();
        histories.forEach((instrument, history) -> copy.put(instrument, FeedbackScore.inSubmissionOrder(history)));
        return Collections.unmodifiableMap(copy);
    }
}
