package dev.rapport.analytics.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One client's whole histories with one counsellor, per instrument: what a {@link ClientState} is
 * derived from.
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

    /** The state the figures read, per instrument with at least one form. */
    public ClientState state(RuptureDetector detector) {
        Map<String, HistoryState> allianceStates = new LinkedHashMap<>();
        alliance.forEach((instrument, history) -> {
            if (!history.isEmpty()) {
                allianceStates.put(instrument, HistoryState.alliance(detector.analyse(instrument, history)));
            }
        });
        Map<String, HistoryState> outcomeStates = new LinkedHashMap<>();
        outcomes.forEach((instrument, history) -> {
            if (!history.isEmpty()) {
                outcomeStates.put(instrument, HistoryState.outcome(instrument, history));
            }
        });
        return new ClientState(clientRef, allianceStates, outcomeStates);
    }

    private static Map<String, List<FeedbackScore>> copy(Map<String, List<FeedbackScore>> histories) {
        Map<String, List<FeedbackScore>> copy = new LinkedHashMap<>();
        histories.forEach((instrument, history) -> copy.put(instrument, FeedbackScore.inSubmissionOrder(history)));
        return Collections.unmodifiableMap(copy);
    }
}
