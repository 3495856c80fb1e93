package dev.rapport.analytics.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A consumer batch's effect on the client histories it adds forms to, as a pure function (STYLE.md:
 * state before, events → state after, deltas, alerts): given each history after the batch and
 * which of its forms are the batch's, the rupture and repair contributions to the day rows, the
 * alerts the new forms raise and each history's state after the batch.
 *
 * <p>Each history is analysed without and with each new form and the difference applied, not only
 * appended: a form can arrive after later ones (replay, partitions), and then it changes what those
 * later forms were. The batch's forms of one history are added one at a time, in the batch's
 * order, as if recorded one after the other. Alliance histories give rupture episodes (day-row
 * contributions on the day each episode opened; an alert when the form opens one); outcome
 * histories a deterioration alert when the form makes the latest reliably worse than intake (it
 * was not before).
 *
 * <p>Worked: an SRS history 38 (day 0), 38 (day 14) and a batch with 30 (day 7, late): the
 * episode opens on day 7 and day 14's 38 repairs it: +1 rupture and +1 repair on day 7, a rupture
 * alert for the 30.
 */
public final class HistoryBatch {

    /** A scorable alliance or outcome form the batch stores for the first time. */
    public record Added(HistoryKey history, boolean alliance, UUID feedbackId) {}

    /** A contribution to a counsellor's day row. */
    public record Contribution(UUID counsellorId, LocalDate day, DayTotals totals) {}

    /** An alert a new form raises. */
    public sealed interface Raised {
        HistoryKey history();

        /** The form that raised it. */
        UUID feedbackId();
    }

    /** The form opened a rupture episode. */
    public record RuptureOpened(HistoryKey history, Rupture episode) implements Raised {
        @Override
        public UUID feedbackId() {
            return episode.feedback().feedbackId();
        }
    }

    /** The form made the latest form reliably worse than intake. */
    public record Deteriorated(HistoryKey history, UUID feedbackId, OutcomeChange change) implements Raised {}

    /** A history's state after the batch. */
    public record StateAfter(HistoryKey history, boolean alliance, HistoryState state) {}

    public record Effect(List<Contribution> dayRows, List<Raised> raised, List<StateAfter> states) {}

    private final RuptureDetector detector;

    public HistoryBatch(RuptureDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    /**
     * @param added the batch's new forms, in the batch's order
     * @param after each history the batch adds to, whole, with the batch's forms (any order)
     */
    public Effect of(List<Added> added, Map<HistoryKey, List<FeedbackScore>> after) {
        Map<HistoryKey, List<Added>> byHistory = new LinkedHashMap<>();
        added.forEach(form -> byHistory.computeIfAbsent(form.history(), key -> new ArrayList<>()).add(form));
        List<Contribution> dayRows = new ArrayList<>();
        List<Raised> raised = new ArrayList<>();
        List<StateAfter> states = new ArrayList<>();
        byHistory.forEach((key, forms) -> {
            List<FeedbackScore> history = after.getOrDefault(key, List.of());
            if (history.isEmpty()) {
                return;
            }
            Set<UUID> pending = new HashSet<>();
            forms.forEach(form -> pending.add(form.feedbackId()));
            boolean alliance = forms.get(0).alliance();
            HistoryState state = alliance
                    ? HistoryState.alliance(ruptures(key, forms, history, pending, dayRows, raised))
                    : deteriorations(key, forms, history, pending, raised);
            states.add(new StateAfter(key, alliance, state));
        });
        return new Effect(dayRows, raised, states);
    }

    /** The rupture contributions and alerts of the forms added one at a time; returns the whole history's analysis. */
    private RuptureHistory ruptures(HistoryKey key, List<Added> forms, List<FeedbackScore> history, Set<UUID> pending,
                                   List<Contribution> dayRows, List<Raised> raised) {
        RuptureHistory before = detector.analyse(key.instrumentId(), without(history, pending));
        for (Added form : forms) {
            pending.remove(form.feedbackId());
            RuptureHistory now = detector.analyse(key.instrumentId(), without(history, pending));
            RuptureChanges changes = now.changesFrom(before);
            changes.ruptured().forEach(r -> dayRows.add(contribution(key, r, DayTotals.rupture())));
            changes.unruptured().forEach(r -> dayRows.add(contribution(key, r, DayTotals.rupture().negate())));
            changes.repaired().forEach(r -> dayRows.add(contribution(key, r, DayTotals.repair())));
            changes.unrepaired().forEach(r -> dayRows.add(contribution(key, r, DayTotals.repair().negate())));
            changes.ruptured().stream()
                    .filter(r -> r.feedback().feedbackId().equals(form.feedbackId()))
                    .forEach(r -> raised.add(new RuptureOpened(key, r)));
            before = now;
        }
        return before;
    }

    /** Once per client and instrument until it no longer is: raised on the change from not deteriorated to deteriorated. */
    private static HistoryState deteriorations(HistoryKey key, List<Added> forms, List<FeedbackScore> history, Set<UUID> pending,
                                               List<Raised> raised) {
        boolean before = Outcomes.deteriorated(key.instrumentId(), without(history, pending));
        for (Added form : forms) {
            pending.remove(form.feedbackId());
            List<FeedbackScore> now = without(history, pending);
            boolean after = Outcomes.deteriorated(key.instrumentId(), now);
            if (after && !before) {
                raised.add(new Deteriorated(key, form.feedbackId(), OutcomeChange.of(key.instrumentId(), now).orElseThrow()));
            }
            before = after;
        }
        return HistoryState.outcome(key.instrumentId(), history);
    }

    private static Contribution contribution(HistoryKey key, Rupture rupture, DayTotals totals) {
        return new Contribution(key.counsellorId(), DayTotals.dayOf(rupture.feedback().submittedAt()), totals);
    }

    private static List<FeedbackScore> without(List<FeedbackScore> history, Set<UUID> feedbackIds) {
        return feedbackIds.isEmpty() ? history : history.stream().filter(s -> !feedbackIds.contains(s.feedbackId())).toList();
    }
}
