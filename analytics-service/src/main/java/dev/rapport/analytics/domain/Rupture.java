package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/**
 * A feedback that is a rupture of the alliance, and whether a later feedback repaired it.
 *
 * @param feedback     the ruptured feedback
 * @param scoreBefore  the client's previous normalised score on the instrument; null when the
 *                     rupture is the client's first feedback on it (then only a cut-off rupture)
 * @param repairTarget the score a later feedback must reach to repair it: {@code scoreBefore},
 *                     or the cut-off when there is no score before (see {@link RuptureDetector})
 * @param repairedBy   the first later feedback at or above {@code repairTarget}; null while open
 */
public record Rupture(
        FeedbackScore feedback,
        BigDecimal scoreBefore,
        BigDecimal repairTarget,
        Set<RuptureCause> causes,
        FeedbackScore repairedBy) {

    public Rupture {
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(repairTarget, "repairTarget");
        causes = Set.copyOf(causes);
        if (causes.isEmpty()) {
            throw new IllegalArgumentException("a rupture has a cause");
        }
    }

    public boolean repaired() {
        return repairedBy != null;
    }

    boolean isRepairedBy(FeedbackScore later) {
        return later.normalized().compareTo(repairTarget) >= 0;
    }

    Rupture repairedBy(FeedbackScore later) {
        return new Rupture(feedback, scoreBefore, repairTarget, causes, later);
    }
}
