package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome figures of a set of clients (one counsellor's, or the organisation's) in a window
 * (domain.md, changed 2026-12-02): change is measured from intake, never cut by the window; a
 * client counts in a window for an instrument when they have ≥ 2 forms on it and their latest
 * falls in the window.
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
    private static final int EARLY_ALLIANCE_FEEDBACKS = 3;

    private final Thresholds thresholds;

    public Outcomes(Thresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /** The client's changes from intake that count in the window starting at {@code since}: instrument → change. */
    public static Map<String, OutcomeChange> counting(ClientScores client, Instant since) {
        Map<String, OutcomeChange> counting = new LinkedHashMap<>();
        client.outcomes().forEach((instrument, history) -> OutcomeChange.of(instrument, history)
                .filter(change -> change.countsSince(since))
                .ifPresent(change -> counting.put(instrument, change)));
        return counting;
    }

    /** These outcome instruments in the order of {@link #perInstrument}: the headline's first, then the others by id. */
    public static List<String> ordered(Collection<String> instruments) {
        List<String> ordered = new ArrayList<>(HEADLINE.stream().filter(instruments::contains).toList());
        instruments.stream().filter(id -> !HEADLINE.contains(id)).sorted().distinct().forEach(ordered::add);
        return ordered;
    }

    /**
     * {@code outcomes.<id>}: phq-9, gad-7 and ors always (with 0 clients and null rates when none
     * counts), then any other outcome instrument a client counts on, by id.
     */
    public static Map<String, InstrumentOutcomes> perInstrument(Collection<ClientScores> clients, Instant since) {
        Map<String, List<OutcomeChange>> changes = new LinkedHashMap<>();
        HEADLINE.forEach(id -> changes.put(id, new ArrayList<>()));
        Map<String, List<OutcomeChange>> others = new java.util.TreeMap<>();
        for (ClientScores client : clients) {
            counting(client, since).forEach((instrument, change) ->
                    (HEADLINE.contains(instrument) ? changes : others).computeIfAbsent(instrument, k -> new ArrayList<>()).add(change));
        }
        changes.putAll(others);
        Map<String, InstrumentOutcomes> figures = new LinkedHashMap<>();
        changes.forEach((instrument, list) -> figures.put(instrument, figures(list)));
        return figures;
    }

    private static InstrumentOutcomes figures(List<OutcomeChange> changes) {
        long judged = changes.stream().filter(c -> c.reliableChange().isPresent()).count();
        long improved = changes.stream().filter(OutcomeChange::improved).count();
        long deteriorated = changes.stream().filter(OutcomeChange::deteriorated).count();
        long cases = changes.stream().filter(OutcomeChange::caseAtIntake).count();
        long recovered = changes.stream().filter(OutcomeChange::recovered).count();
        long reliablyRecovered = changes.stream().filter(c -> c.recovered() && c.improved()).count();
        return new InstrumentOutcomes(changes.size(), Decimals.ratio(improved, judged), Decimals.ratio(deteriorated, judged),
                cases, Decimals.ratio(recovered, cases), Decimals.ratio(reliablyRecovered, cases));
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

    public OutcomeRates rates(Collection<ClientScores> clients, Instant since) {
        long judged = 0;
        long improved = 0;
        long deteriorated = 0;
        long cases = 0;
        long recovered = 0;
        for (ClientScores client : clients) {
            Optional<Verdict> verdict = headline(counting(client, since));
            if (verdict.isEmpty()) {
                continue;
            }
            judged++;
            improved += verdict.get().improved() ? 1 : 0;
            deteriorated += verdict.get().deteriorated() ? 1 : 0;
            cases += verdict.get().caseAtIntake() ? 1 : 0;
            recovered += verdict.get().recovered() ? 1 : 0;
        }
        return new OutcomeRates(judged, Decimals.ratio(improved, judged), Decimals.ratio(deteriorated, judged),
                cases, Decimals.ratio(recovered, cases));
    }

    /**
     * The client's early alliance: the mean normalised alliance of their first three alliance
     * feedbacks (whole history, all alliance instruments); not rounded, it only feeds r.
     */
    public static Optional<BigDecimal> earlyAlliance(ClientScores client) {
        List<FeedbackScore> all = new ArrayList<>();
        client.alliance().values().forEach(all::addAll);
        List<BigDecimal> early = FeedbackScore.inSubmissionOrder(all).stream()
                .limit(EARLY_ALLIANCE_FEEDBACKS).map(FeedbackScore::normalized).toList();
        if (early.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal sum = early.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return Optional.of(sum.divide(BigDecimal.valueOf(early.size()), Decimals.INTERMEDIATE));
    }

    /** allianceOutcomeR with the number of clients it rests on. */
    public record AllianceOutcome(long clients, BigDecimal r) {}

    /**
     * Pearson r across the clients with both an early alliance and a change on their primary
     * outcome instrument that counts in the window; r is null with fewer than
     * {@link Thresholds#minClientsForAllianceOutcomeR()} such clients or without variance.
     */
    public AllianceOutcome allianceOutcome(Collection<ClientScores> clients, Instant since) {
        List<BigDecimal> alliance = new ArrayList<>();
        List<BigDecimal> outcome = new ArrayList<>();
        for (ClientScores client : clients) {
            Optional<BigDecimal> x = earlyAlliance(client);
            Optional<OutcomeChange> y = primary(counting(client, since));
            if (x.isPresent() && y.isPresent()) {
                alliance.add(x.get());
                outcome.add(y.get().normalizedChange());
            }
        }
        return new AllianceOutcome(alliance.size(), Pearson.r(alliance, outcome, thresholds.minClientsForAllianceOutcomeR()));
    }

    /**
     * Whether the history's latest form is reliably worse than its intake: the deterioration
     * alert's condition (raised when it becomes true, once until it is false again).
     */
    public static boolean deteriorated(String instrumentId, List<FeedbackScore> history) {
        return OutcomeChange.of(instrumentId, history).map(OutcomeChange::deteriorated).orElse(false);
    }
}
