package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A client's state with one counsellor, per instrument: what every per-client figure of a view is
 * read from (ruptures, outcomes from intake, early alliance). The alliance is a relationship with
 * one counsellor, so a client who changes counsellor has a state with each.
 *
 * @param clientRef the pseudonymous client reference (never the client id)
 * @param alliance  alliance instrument id (wai-sr, srs) → its state
 * @param outcomes  outcome instrument id (ors, phq-9, gad-7) → its state
 */
public record ClientState(String clientRef, Map<String, HistoryState> alliance, Map<String, HistoryState> outcomes) {

    private static final Comparator<FeedbackScore> EARLIEST_FIRST =
            FeedbackScore.SUBMISSION_ORDER.thenComparing(FeedbackScore::feedbackId);

    public ClientState {
        Objects.requireNonNull(clientRef, "clientRef");
        alliance = Collections.unmodifiableMap(new LinkedHashMap<>(alliance));
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    /** A client without any state yet. */
    public static ClientState none(String clientRef) {
        return new ClientState(clientRef, Map.of(), Map.of());
    }

    /** This state with one instrument's replaced (or added). */
    public ClientState with(String instrumentId, boolean isAlliance, HistoryState state) {
        Map<String, HistoryState> replaced = new TreeMap<>(isAlliance ? alliance : outcomes);
        replaced.put(instrumentId, state);
        return isAlliance ? new ClientState(clientRef, replaced, outcomes) : new ClientState(clientRef, alliance, replaced);
    }

    /** The client's episodes open now, one per alliance instrument at most. */
    public List<Rupture> openRuptures() {
        return alliance.values().stream().map(HistoryState::open).filter(Objects::nonNull).toList();
    }

    /** Whether an episode opened at or after {@code since} on any alliance instrument: what ruptures and repairRate rest on. */
    public boolean hasEpisodeSince(Instant since) {
        return alliance.values().stream().anyMatch(h -> h.lastEpisodeAt() != null && !h.lastEpisodeAt().isBefore(since));
    }

    /**
     * The client's early alliance: the mean normalised alliance of their first three alliance
     * feedbacks over all alliance instruments (wai-sr and srs pooled, in submission order); a
     * client with one or two has the mean of those. Not rounded: it only feeds r.
     */
    public Optional<BigDecimal> earlyAlliance() {
        List<BigDecimal> early = alliance.values().stream().flatMap(h -> h.early().stream()).sorted(EARLIEST_FIRST)
                .limit(HistoryState.EARLY_FORMS).map(FeedbackScore::normalized).toList();
        if (early.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal sum = early.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return Optional.of(sum.divide(BigDecimal.valueOf(early.size()), Decimals.INTERMEDIATE));
    }

    /** The changes from intake that count in the window starting at {@code since} (latest in it): instrument → change. */
    public Map<String, OutcomeChange> countingSince(Instant since) {
        Map<String, OutcomeChange> counting = new LinkedHashMap<>();
        outcomes.forEach((instrument, state) -> state.change()
                .filter(change -> change.countsSince(since))
                .ifPresent(change -> counting.put(instrument, change)));
        return counting;
    }
}
