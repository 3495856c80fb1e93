package dev.rapport.analytics.domain;

import java.util.List;
import java.util.Optional;

/**
 * What one new feedback does to a client's ruptures on one instrument. It can do both at once:
 * repair earlier ruptures and be a rupture itself (an SRS score back above the score before an
 * earlier rupture but still below the cut-off).
 *
 * <p>For the day rows: a new rupture adds {@link DayTotals#rupture()} to its own submission day;
 * each repaired rupture adds {@link DayTotals#repair()} to the day of that rupture.
 *
 * @param rupture  the new feedback as a rupture (with its score before), or null
 * @param repaired the earlier ruptures it repairs, each with {@code repairedBy} set to it
 */
public record RuptureStep(Rupture rupture, List<Rupture> repaired) {

    public static final RuptureStep NONE = new RuptureStep(null, List.of());

    public RuptureStep {
        repaired = List.copyOf(repaired);
    }

    public Optional<Rupture> newRupture() {
        return Optional.ofNullable(rupture);
    }

    public boolean isRupture() {
        return rupture != null;
    }

    public boolean repairs() {
        return !repaired.isEmpty();
    }

    public boolean isNone() {
        return rupture == null && repaired.isEmpty();
    }
}
