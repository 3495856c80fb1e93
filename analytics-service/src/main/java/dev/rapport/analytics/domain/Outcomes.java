package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome figures of a set of clients (one counsellor's, or the organisation's):
 * reliableImprovementRate, deteriorationRate and allianceOutcomeR. For a window, pass
 * {@link ClientScores#since} of each client.
 *
 * <p>A client with two outcome instruments (PHQ-9 and GAD-7, say) counts once, following the
 * paired-measure convention of NHS Talking Therapies (IAPT): reliably improved when at least one
 * instrument improved reliably and none deteriorated reliably; reliably deteriorated when at
 * least one deteriorated and none improved; a client with one of each counts in the
 * denominator only. So a client is never in both rates, and the denominator is clients, as
 * domain.md states, not client-instrument pairs.
 */
public final class Outcomes {

    private final Thresholds thresholds;

    public Outcomes(Thresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /**
     * The client's reliable change over their outcome instruments; empty when no instrument with
     * a reliable-change rule has two forms (the client is not in the rates' denominator).
     */
    public Optional<ReliableChange> reliableChange(ClientScores client) {
        boolean judged = false;
        boolean improved = false;
        boolean deteriorated = false;
        for (Map.Entry<String, List<FeedbackScore>> entry : client.outcomes().entrySet()) {
            Optional<ReliableChangeRule> rule = thresholds.reliableChangeRule(entry.getKey());
            Optional<OutcomeChange> change = OutcomeChange.of(entry.getKey(), entry.getValue());
            if (rule.isEmpty() || change.isEmpty()) {
                continue;
            }
            judged = true;
            ReliableChange verdict = change.get().reliableChange(rule.get());
            improved |= verdict == ReliableChange.IMPROVED;
            deteriorated |= verdict == ReliableChange.DETERIORATED;
        }
        if (!judged) {
            return Optional.empty();
        }
        if (improved && !deteriorated) {
            return Optional.of(ReliableChange.IMPROVED);
        }
        if (deteriorated && !improved) {
            return Optional.of(ReliableChange.DETERIORATED);
        }
        return Optional.of(ReliableChange.NO_RELIABLE_CHANGE);
    }

    public OutcomeRates rates(Collection<ClientScores> clients) {
        long judged = 0;
        long improved = 0;
        long deteriorated = 0;
        for (ClientScores client : clients) {
            Optional<ReliableChange> change = reliableChange(client);
            if (change.isEmpty()) {
                continue;
            }
            judged++;
            improved += change.get() == ReliableChange.IMPROVED ? 1 : 0;
            deteriorated += change.get() == ReliableChange.DETERIORATED ? 1 : 0;
        }
        return new OutcomeRates(judged, Decimals.ratio(improved, judged), Decimals.ratio(deteriorated, judged));
    }

    /**
     * The mean of all the client's normalised alliance scores, wai-sr and srs pooled (each form
     * weighs one, as in allianceIndex); not rounded, it only feeds r. Empty without alliance forms.
     */
    public Optional<BigDecimal> meanAlliance(ClientScores client) {
        List<BigDecimal> scores = client.alliance().values().stream()
                .flatMap(List::stream)
                .map(FeedbackScore::normalized)
                .toList();
        return mean(scores);
    }

    /**
     * latest − first of the normalised outcome; with two or more outcome instruments of two forms
     * each, the mean of their changes (normalised scores share one 0–100, higher-is-better scale).
     * Instruments without a reliable-change rule count here too. Not rounded, it only feeds r.
     */
    public Optional<BigDecimal> outcomeChange(ClientScores client) {
        List<BigDecimal> changes = client.outcomes().entrySet().stream()
                .map(entry -> OutcomeChange.of(entry.getKey(), entry.getValue()))
                .flatMap(Optional::stream)
                .map(OutcomeChange::normalizedChange)
                .toList();
        return mean(changes);
    }

    /**
     * Pearson r across the clients with both a mean alliance and an outcome change; null with
     * fewer than {@link Thresholds#minClientsForAllianceOutcomeR()} such clients or no variance.
     */
    public BigDecimal allianceOutcomeR(Collection<ClientScores> clients) {
        List<BigDecimal> alliance = new ArrayList<>();
        List<BigDecimal> outcome = new ArrayList<>();
        for (ClientScores client : clients) {
            Optional<BigDecimal> x = meanAlliance(client);
            Optional<BigDecimal> y = outcomeChange(client);
            if (x.isPresent() && y.isPresent()) {
                alliance.add(x.get());
                outcome.add(y.get());
            }
        }
        return Pearson.r(alliance, outcome, thresholds.minClientsForAllianceOutcomeR());
    }

    private static Optional<BigDecimal> mean(List<BigDecimal> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return Optional.of(sum.divide(BigDecimal.valueOf(values.size()), Decimals.INTERMEDIATE));
    }
}
