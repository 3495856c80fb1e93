package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome rules of domain.md (changed 2026-12-02) that judge one client: change is measured
 * from intake, never cut by the window; a client counts in a window for an instrument when they
 * have ≥ 2 forms on it and their latest falls in the window ({@link ClientState#countingSince});
 * {@link ClientFigures} counts the clients.
 *
 * <p>Worked: PHQ-9 intake 18 (60 days ago), latest 10 (today): in the 30-day window although the
 * intake is not; 18 → 10 is a drop of 8 ≥ 6 (reliably improved), 18 ≥ 10 a case at intake, 10 ≥ 10
 * still a case at latest (not recovered).
 *
 * <p>Decisions where domain.md leaves room:
 * <ul>
 * <li>The headline rates judge only phq-9, gad-7 and ors (domain.md's list); an organisation's own
 *     outcome instrument has its {@code outcomes.<id>} but no say in the headline.</li>
 * <li>"Both phq-9 and gad-7" means both count in the window; otherwise the primary one that does.</li>
 * <li>A client whose primary instrument has no caseness is no case at intake (not in recoveryRate's
 *     denominator).</li>
 * <li>Early alliance: the mean of the first three alliance feedbacks over all alliance instruments
 *     (wai-sr and srs pooled, in submission order); a client with one or two has the mean of those.</li>
 * </ul>
 */
public final class Outcomes {

    /** The headline's instruments in domain.md's order of preference (the primary: phq-9, else gad-7, else ors). */
    public static final List<String> HEADLINE = List.of("phq-9", "gad-7", "ors");

    private Outcomes() {}

    /** These outcome instruments in the order of a view's outcomes: the headline's first, then the others by id. */
    public static List<String> ordered(Collection<String> instruments) {
        List<String> ordered = new ArrayList<>(HEADLINE.stream().filter(instruments::contains).toList());
        instruments.stream().filter(id -> !HEADLINE.contains(id)).sorted().distinct().forEach(ordered::add);
        return ordered;
    }

    /** How one client counts in the headline rates. */
    public record Verdict(boolean improved, boolean deteriorated, boolean caseAtIntake, boolean recovered) {}

    /**
     * The client's headline verdict, or empty when they count on none of phq-9, gad-7, ors. With
     * both phq-9 and gad-7 the NHS Talking Therapies paired rule: improved when at least one
     * reliably improves and neither reliably deteriorates; deteriorated when at least one reliably
     * deteriorates; recovered when a case on at least one at intake and on neither at latest. So
     * PHQ-9 20 → 12 (−8, improved) with GAD-7 6 → 12 (+6, deteriorated) is deteriorated, not improved.
     * Otherwise their one instrument: phq-9, else gad-7, else ors.
     */
    public static Optional<Verdict> headline(Map<String, OutcomeChange> counting) {
        OutcomeChange phq9 = counting.get("phq-9");
        OutcomeChange gad7 = counting.get("gad-7");
        if (phq9 != null && gad7 != null) {
            boolean deteriorated = phq9.deteriorated() || gad7.deteriorated();
            boolean caseAtIntake = phq9.caseAtIntake() || gad7.caseAtIntake();
            return Optional.of(new Verdict((phq9.improved() || gad7.improved()) && !deteriorated, deteriorated, caseAtIntake,
                    caseAtIntake && !phq9.caseAtLatest() && !gad7.caseAtLatest()));
        }
        return primary(counting).map(c -> new Verdict(c.improved(), c.deteriorated(), c.caseAtIntake(), c.recovered()));
    }

    /** The client's primary outcome instrument's change among those that count: phq-9, else gad-7, else ors. */
    public static Optional<OutcomeChange> primary(Map<String, OutcomeChange> counting) {
        return HEADLINE.stream().map(counting::get).filter(Objects::nonNull).findFirst();
    }

    /** allianceOutcomeR with the number of clients it rests on. */
    public record AllianceOutcome(long clients, BigDecimal r) {}

    /**
     * Whether the history's latest form is reliably worse than its intake: the deterioration
     * alert's condition (raised when it becomes true, once until it is false again).
     */
    public static boolean deteriorated(String instrumentId, List<FeedbackScore> history) {
        return OutcomeChange.of(instrumentId, history).map(OutcomeChange::deteriorated).orElse(false);
    }
}
