package dev.rapport.analytics.domain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Rupture episodes of the alliance (domain.md, changed 2026-12-02), per client and alliance
 * instrument, in submission order. A feedback is <b>of concern</b> when it meets its instrument's
 * concern rule ({@link FeedbackScore#concern()}: feedback-service judges it, srs: total &lt; 36 or
 * any item &lt; 9) or its normalised score is at least {@link Thresholds#ruptureDrop()} below the
 * client's previous one on that instrument. A concern opens an episode when none is open; further
 * concerns belong to the open one. A feedback that is not of concern and is at or above the score
 * just before the episode opened repairs it (an episode opened on the first feedback: not of
 * concern is enough).
 *
 * <p>Worked: SRS 34, 34, 34, 34 is one episode, open (each 34 is below 36); then 38 repairs it.
 * WAI-SR 100, 75, 77 (normalised): 75 is 25 below 100, an episode with 100 before it; 77 is not of
 * concern (2 up, WAI-SR has no concern rule) but below 100: the episode stays open.
 *
 * <p>Decisions where domain.md leaves room:
 * <ul>
 * <li>The drop compares with the previous feedback, also inside an episode: 95, 80 (opens), 68
 *     (12 below 80: of concern, the same episode).</li>
 * <li>A feedback that is of concern never repairs, even when above the pre-episode score (an SRS
 *     of 38.5 with one item at 8.5 after a pre-episode 37).</li>
 * <li>Forms submitted at the same instant count in the order they were given in (stable sort);
 *     a feedback id twice counts once.</li>
 * </ul>
 */
public final class RuptureDetector {

    private final Thresholds thresholds;

    public RuptureDetector(Thresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /** The whole history on one instrument with its episodes, each with its repair if any. */
    public RuptureHistory analyse(String instrumentId, List<FeedbackScore> history) {
        List<FeedbackScore> ordered = HistoryState.ordered(history);
        List<Rupture> episodes = new ArrayList<>();
        FeedbackScore previous = null;
        for (FeedbackScore score : ordered) {
            Set<RuptureCause> causes = concerns(previous, score);
            int last = episodes.size() - 1;
            boolean open = last >= 0 && !episodes.get(last).repaired();
            if (!open && !causes.isEmpty()) {
                episodes.add(new Rupture(score, previous == null ? null : previous.normalized(), causes, null));
            } else if (open && causes.isEmpty() && episodes.get(last).isRepairedBy(score)) {
                episodes.set(last, episodes.get(last).repairedBy(score));
            }
            previous = score;
        }
        return new RuptureHistory(instrumentId, ordered, episodes);
    }

    /** Why {@code score} is of concern (empty: it is not). */
    private Set<RuptureCause> concerns(FeedbackScore previous, FeedbackScore score) {
        Set<RuptureCause> causes = EnumSet.noneOf(RuptureCause.class);
        if (score.concern()) {
            causes.add(RuptureCause.BELOW_CUTOFF);
        }
        if (previous != null && previous.normalized().subtract(score.normalized()).compareTo(thresholds.ruptureDrop()) >= 0) {
            causes.add(RuptureCause.DROP);
        }
        return causes;
    }
}
