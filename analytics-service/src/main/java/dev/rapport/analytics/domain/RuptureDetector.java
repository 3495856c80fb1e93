package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Ruptures of the alliance, per client and per alliance instrument, in submission order
 * (domain.md): a feedback is a rupture when it is below the instrument's concern cut-off or its
 * normalised score fell at least {@link Thresholds#ruptureDrop()} below the client's previous one
 * on that instrument. A rupture is repaired when a later feedback of that client on that
 * instrument is back at or above the score before the rupture.
 *
 * <p>Decisions where domain.md leaves room:
 * <ul>
 * <li>A cut-off rupture on the client's first form of the instrument has no score before it;
 *     it is repaired by a later form at or above the cut-off, the level below which the form
 *     was a concern.</li>
 * <li>Every form below the cut-off is a rupture, also when the one before was already below
 *     (the rule is per feedback); its repair target is still the score right before it, so a
 *     client climbing back step by step repairs each step's rupture.</li>
 * <li>One form can repair earlier ruptures and be a rupture itself.</li>
 * <li>A client's open rupture: their latest alliance form across all alliance instruments is a
 *     rupture that is not repaired. A client whose SRS ruptured and whose later WAI-SR is fine is
 *     not counted: the latest measure of the alliance says it holds, and counting the older
 *     signal would keep alerts alive that the counsellor can do nothing about. The SRS rupture
 *     still counts as unrepaired for repairRate until an SRS form repairs it. Forms submitted at
 *     the same latest instant: open if any of them is an open rupture.</li>
 * </ul>
 */
public final class RuptureDetector {

    private final Thresholds thresholds;

    public RuptureDetector(Thresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /** The whole history on one instrument with its ruptures and repairs (rebuilds, late forms, tests). */
    public RuptureHistory analyse(String instrumentId, List<FeedbackScore> history) {
        List<FeedbackScore> ordered = distinct(FeedbackScore.inSubmissionOrder(history));
        List<Rupture> ruptures = new ArrayList<>();
        FeedbackScore previous = null;
        for (FeedbackScore score : ordered) {
            for (int i = 0; i < ruptures.size(); i++) {
                Rupture rupture = ruptures.get(i);
                if (!rupture.repaired() && rupture.isRepairedBy(score)) {
                    ruptures.set(i, rupture.repairedBy(score));
                }
            }
            ruptureAt(instrumentId, previous, score).ifPresent(ruptures::add);
            previous = score;
        }
        return new RuptureHistory(instrumentId, ordered, ruptures);
    }

    /**
     * What a new form does, given the client's history on the instrument before it: the
     * incremental path of the consumer. A form already in the history does nothing (redelivery).
     *
     * @throws IllegalArgumentException when {@code score} was submitted before the latest form
     *         of the history: it may change what later forms did; compare
     *         {@link #analyse analyses} with {@link RuptureHistory#changesFrom} instead
     */
    public RuptureStep next(String instrumentId, List<FeedbackScore> history, FeedbackScore score) {
        Objects.requireNonNull(score, "score");
        if (history.stream().anyMatch(earlier -> earlier.feedbackId().equals(score.feedbackId()))) {
            return RuptureStep.NONE;
        }
        RuptureHistory before = analyse(instrumentId, history);
        Optional<FeedbackScore> latest = before.latest();
        if (latest.isPresent() && score.submittedAt().isBefore(latest.get().submittedAt())) {
            throw new IllegalArgumentException("feedback " + score.feedbackId() + " was submitted before the latest of "
                    + "the history; analyse the history with and without it and apply the changes");
        }
        List<Rupture> repaired = before.open().stream()
                .filter(rupture -> rupture.isRepairedBy(score))
                .map(rupture -> rupture.repairedBy(score))
                .toList();
        return new RuptureStep(ruptureAt(instrumentId, latest.orElse(null), score).orElse(null), repaired);
    }

    /**
     * Whether the client's latest alliance form, across all alliance instruments, is an open
     * rupture. Pass the whole histories, not a window's: a rupture depends on the form before it.
     *
     * @param allianceHistories alliance instrument id → that client's forms
     */
    public boolean hasOpenRupture(Map<String, List<FeedbackScore>> allianceHistories) {
        Instant latest = allianceHistories.values().stream()
                .flatMap(List::stream)
                .map(FeedbackScore::submittedAt)
                .max(Instant::compareTo)
                .orElse(null);
        if (latest == null) {
            return false;
        }
        return allianceHistories.entrySet().stream().anyMatch(entry -> {
            RuptureHistory history = analyse(entry.getKey(), entry.getValue());
            return history.feedback().stream()
                    .filter(score -> score.submittedAt().equals(latest))
                    .map(score -> history.ruptureOf(score.feedbackId()))
                    .flatMap(Optional::stream)
                    .anyMatch(rupture -> !rupture.repaired());
        });
    }

    /** openRuptures of a counsellor: their clients whose latest alliance form is an open rupture. */
    public long openRuptures(Collection<ClientScores> clients) {
        return clients.stream().filter(client -> hasOpenRupture(client.alliance())).count();
    }

    private Optional<Rupture> ruptureAt(String instrumentId, FeedbackScore previous, FeedbackScore score) {
        Set<RuptureCause> causes = EnumSet.noneOf(RuptureCause.class);
        Optional<BigDecimal> cutoff = thresholds.concernCutoff(instrumentId);
        if (cutoff.isPresent() && score.normalized().compareTo(cutoff.get()) < 0) {
            causes.add(RuptureCause.BELOW_CUTOFF);
        }
        if (previous != null
                && previous.normalized().subtract(score.normalized()).compareTo(thresholds.ruptureDrop()) >= 0) {
            causes.add(RuptureCause.DROP);
        }
        if (causes.isEmpty()) {
            return Optional.empty();
        }
        // Only a cut-off rupture can lack a score before it: a drop needs one.
        BigDecimal scoreBefore = previous == null ? null : previous.normalized();
        BigDecimal repairTarget = scoreBefore != null ? scoreBefore : cutoff.orElseThrow();
        return Optional.of(new Rupture(score, scoreBefore, repairTarget, causes, null));
    }

    private static List<FeedbackScore> distinct(List<FeedbackScore> ordered) {
        Set<UUID> seen = new HashSet<>();
        return ordered.stream().filter(score -> seen.add(score.feedbackId())).toList();
    }
}
