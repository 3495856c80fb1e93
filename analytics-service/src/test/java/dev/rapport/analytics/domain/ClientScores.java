package dev.rapport.analytics.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One client's whole histories with one counsellor, per instrument, as the tests write them: the
 * {@link ClientState} the service keeps is derived from them as the consumer derives it.
 *
 * @param clientRef the pseudonymous client reference (never the client id)
 * @param alliance  alliance instrument id (wai-sr, srs) → scorable forms
 * @param outcomes  outcome instrument id (ors, phq-9, gad-7) → scorable forms
 */
record ClientScores(
        String clientRef,
        Map<String, List<FeedbackScore>> alliance,
        Map<String, List<FeedbackScore>> outcomes) {

    public ClientScores {
        Objects.requireNonNull(clientRef, "clientRef");
        alliance = copy(alliance);
        outcomes = copy(outcomes);
    }

    /** The state the figures read, per instrument with at least one form. */
    ClientState state(RuptureDetector detector) {
        return new ClientState(clientRef, states(true, alliance, detector), states(false, outcomes, detector));
    }

    private static Map<String, HistoryState> states(boolean alliance, Map<String, List<FeedbackScore>> histories,
                                                    RuptureDetector detector) {
        Map<String, HistoryState> states = new LinkedHashMap<>();
        histories.forEach((instrument, history) -> {
            if (!history.isEmpty()) {
                states.put(instrument, HistoryState.of(alliance, instrument, history, detector));
            }
        });
        return states;
    }

    private static Map<String, List<FeedbackScore>> copy(Map<String, List<FeedbackScore>> histories) {
        Map<String, List<FeedbackScore>> copy = new LinkedHashMap<>();
        histories.forEach((instrument, history) -> copy.put(instrument, FeedbackScore.inSubmissionOrder(history)));
        return Collections.unmodifiableMap(copy);
    }
}
