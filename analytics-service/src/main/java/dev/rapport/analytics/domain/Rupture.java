package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/**
 * A rupture episode (domain.md, changed 2026-12-02): opened by a feedback of concern while no
 * episode of that client and instrument was open; later concerns belong to it; repaired by the
 * first later feedback that is not of concern and is at or above {@code scoreBefore}.
 *
 * @param feedback    the feedback that opened the episode
 * @param scoreBefore the client's normalised score on the instrument just before the episode
 *                    opened; null when it opened on the client's first feedback (then any
 *                    feedback not of concern repairs it)
 * @param causes      why the opening feedback was of concern
 * @param repairedBy  the feedback that repaired it; null while open
 */
public record Rupture(
        FeedbackScore feedback,
        BigDecimal scoreBefore,
        Set<RuptureCause> causes,
        FeedbackScore repairedBy) {

    public Rupture {
        Objects.requireNonNull(feedback, "feedback");
        causes = Set.copyOf(causes);
        if (causes.isEmpty()) {
            throw new IllegalArgumentException("an episode opens on a feedback of concern");
        }
    }

    public boolean repaired() {
        return repairedBy != null;
    }

    /** Whether {@code later}, a feedback that is not of concern, is back at the pre-episode level. */
    boolean isRepairedBy(FeedbackScore later) {
        return scoreBefore == null || later.normalized().compareTo(scoreBefore) >= 0;
    }

    Rupture repairedBy(FeedbackScore later) {
        return new Rupture(feedback, scoreBefore, causes, later);
    }
}
