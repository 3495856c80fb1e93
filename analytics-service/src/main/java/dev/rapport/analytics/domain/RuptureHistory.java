package dev.rapport.analytics.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A client's whole history on one alliance instrument, with its rupture episodes: the result of
 * {@link RuptureDetector#analyse}, for a rebuild and for changes that are not a plain append.
 *
 * @param feedback the history in submission order
 * @param ruptures the episodes in the order they opened, each with its repair if any; only the
 *                 last can be open
 */
public record RuptureHistory(String instrumentId, List<FeedbackScore> feedback, List<Rupture> ruptures) {

    public RuptureHistory {
        Objects.requireNonNull(instrumentId, "instrumentId");
        feedback = List.copyOf(feedback);
        ruptures = List.copyOf(ruptures);
    }

    public Optional<FeedbackScore> latest() {
        return feedback.isEmpty() ? Optional.empty() : Optional.of(feedback.get(feedback.size() - 1));
    }

    /** The ruptures no later feedback has repaired yet. */
    public List<Rupture> open() {
        return ruptures.stream().filter(rupture -> !rupture.repaired()).toList();
    }

    public long repairedCount() {
        return ruptures.stream().filter(Rupture::repaired).count();
    }

    /** The episode this feedback opened, if it opened one. */
    public Optional<Rupture> ruptureOf(UUID feedbackId) {
        return ruptures.stream().filter(rupture -> rupture.feedback().feedbackId().equals(feedbackId)).findFirst();
    }

    /** What changed from {@code before} to this analysis, episodes matched by the feedback that opened them. */
    public RuptureChanges changesFrom(RuptureHistory before) {
        Map<UUID, Rupture> was = byFeedback(before.ruptures);
        Map<UUID, Rupture> is = byFeedback(ruptures);
        List<Rupture> ruptured = new ArrayList<>();
        List<Rupture> repaired = new ArrayList<>();
        for (Rupture now : ruptures) {
            Rupture then = was.get(now.feedback().feedbackId());
            if (then == null) {
                ruptured.add(now);
            }
            if (now.repaired() && (then == null || !then.repaired())) {
                repaired.add(now);
            }
        }
        List<Rupture> unruptured = new ArrayList<>();
        List<Rupture> unrepaired = new ArrayList<>();
        for (Rupture then : before.ruptures) {
            Rupture now = is.get(then.feedback().feedbackId());
            if (now == null) {
                unruptured.add(then);
            }
            if (then.repaired() && (now == null || !now.repaired())) {
                unrepaired.add(then);
            }
        }
        return new RuptureChanges(ruptured, unruptured, repaired, unrepaired);
    }

    private static Map<UUID, Rupture> byFeedback(List<Rupture> ruptures) {
        return ruptures.stream().collect(Collectors.toMap(r -> r.feedback().feedbackId(), Function.identity()));
    }
}
