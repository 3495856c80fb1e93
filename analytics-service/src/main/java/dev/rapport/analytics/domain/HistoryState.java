package dev.rapport.analytics.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the figures need of a client's history on one instrument with one counsellor, so that a
 * view reads one row per client and instrument, never the forms (issue 13): the count, the intake
 * and the latest form, the instrument's rules in force, and for an alliance instrument the first
 * three forms (early alliance), when the latest rupture episode opened and the open episode.
 * Kept in the table client_history, replaced whenever a form joins the history, in the consumer's
 * transaction; derived from the whole history, so that a form arriving late or twice gives the
 * same state as the forms in order.
 *
 * @param forms         scorable forms in the history (at least one)
 * @param intake        the first form ever (outcomes are measured from it)
 * @param latest        the last form
 * @param rules         caseness and reliable change of the newest form that carried any (the
 *                      definition in force now)
 * @param early         alliance: the first {@value #EARLY_FORMS} forms; empty for an outcome instrument
 * @param lastEpisodeAt alliance: when the latest rupture episode opened; null when none ever did
 * @param open          alliance: the open episode; null when none is open
 */
public record HistoryState(String instrumentId, int forms, FeedbackScore intake, FeedbackScore latest, InstrumentRules rules,
                           List<FeedbackScore> early, Instant lastEpisodeAt, Rupture open) {

    /** The forms early alliance is the mean of (domain.md: the first three alliance feedbacks). */
    public static final int EARLY_FORMS = 3;

    public HistoryState {
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(intake, "intake");
        Objects.requireNonNull(latest, "latest");
        rules = rules == null ? InstrumentRules.NONE : rules;
        early = List.copyOf(early);
        if (forms < 1) {
            throw new IllegalArgumentException("a history has at least one form");
        }
    }

    /** The state of a whole history, in any order: an alliance instrument's with its rupture episodes. */
    public static HistoryState of(boolean alliance, String instrumentId, List<FeedbackScore> history, RuptureDetector detector) {
        return alliance ? alliance(detector.analyse(instrumentId, history)) : outcome(instrumentId, history);
    }

    /** An alliance history's state from its analysis (the whole history and its episodes). */
    public static HistoryState alliance(RuptureHistory analysed) {
        List<FeedbackScore> forms = analysed.feedback();
        List<Rupture> episodes = analysed.ruptures();
        Rupture last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
        return new HistoryState(analysed.instrumentId(), forms.size(), forms.get(0), forms.get(forms.size() - 1), rulesOf(forms),
                forms.subList(0, Math.min(EARLY_FORMS, forms.size())), last == null ? null : last.feedback().submittedAt(),
                last == null || last.repaired() ? null : last);
    }

    /** An outcome history's state from its forms, in any order. */
    public static HistoryState outcome(String instrumentId, List<FeedbackScore> history) {
        List<FeedbackScore> forms = ordered(history);
        if (forms.isEmpty()) {
            throw new IllegalArgumentException("a history has at least one form");
        }
        return new HistoryState(instrumentId, forms.size(), forms.get(0), forms.get(forms.size() - 1), rulesOf(forms), List.of(),
                null, null);
    }

    /** The change from intake to latest, or empty with fewer than two forms (no change to speak of). */
    public Optional<OutcomeChange> change() {
        return forms < 2 ? Optional.empty() : Optional.of(new OutcomeChange(instrumentId, intake, latest, rules));
    }

    /** The forms in submission order, each feedback once (forms at the same instant in the order given). */
    static List<FeedbackScore> ordered(List<FeedbackScore> history) {
        Set<UUID> seen = new HashSet<>();
        return FeedbackScore.inSubmissionOrder(history).stream().filter(score -> seen.add(score.feedbackId())).toList();
    }

    private static InstrumentRules rulesOf(List<FeedbackScore> ordered) {
        for (int i = ordered.size() - 1; i >= 0; i--) {
            if (!ordered.get(i).rules().isNone()) {
                return ordered.get(i).rules();
            }
        }
        return InstrumentRules.NONE;
    }
}
