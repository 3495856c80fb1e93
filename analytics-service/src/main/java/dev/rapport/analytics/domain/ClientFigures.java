package dev.rapport.analytics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The figures of a window that follow from the clients' states rather than from the day rows:
 * distinct clients with rupture episodes opened in the window, open episodes now, the outcomes
 * from intake and allianceOutcomeR. A view sums them from the clients' figure rows
 * ({@link ClientContributions}: each client's {@link Tally#sums()} as differences between days).
 */
public record ClientFigures(long ruptureClients, long openRuptures, OutcomeRates rates,
                            Map<String, InstrumentOutcomes> outcomes, Outcomes.AllianceOutcome allianceOutcome) {

    private static final String RUPTURE_CLIENTS = "ruptureClients";
    private static final String OPEN_RUPTURES = "openRuptures";
    private static final String HEADLINE = "headline.";
    private static final String OUTCOMES = "outcomes.";
    private static final String ALLIANCE_OUTCOME = "allianceOutcome.";

    public static ClientFigures of(Collection<ClientState> clients, Instant since, Thresholds thresholds) {
        Tally tally = new Tally(since, thresholds);
        clients.forEach(tally::add);
        return tally.figures();
    }

    /** The figures of clients whose {@link Tally#sums()} add up to {@code sums}. */
    public static ClientFigures of(Map<String, BigDecimal> sums, Thresholds thresholds) {
        Tally tally = new Tally(Instant.EPOCH, thresholds);
        tally.add(sums);
        return tally.figures();
    }

    /**
     * The figures of any number of clients, added one at a time or as the sums of several, in
     * constant memory: counts and Pearson's sums.
     */
    public static final class Tally {

        private final Instant since;
        private final int minClientsForR;
        private long ruptureClients;
        private long openRuptures;
        private final Counts headline = new Counts();
        private final Map<String, Counts> headlineInstruments = new LinkedHashMap<>();
        private final Map<String, Counts> otherInstruments = new TreeMap<>();
        private final Pearson.Sums allianceOutcome = new Pearson.Sums();

        public Tally(Instant since, Thresholds thresholds) {
            this.since = Objects.requireNonNull(since, "since");
            this.minClientsForR = thresholds.minClientsForAllianceOutcomeR();
            Outcomes.HEADLINE.forEach(id -> headlineInstruments.put(id, new Counts()));
        }

        public void add(ClientState client) {
            ruptureClients += client.hasEpisodeSince(since) ? 1 : 0;
            openRuptures += client.openRuptures().isEmpty() ? 0 : 1;
            Map<String, OutcomeChange> counting = client.countingSince(since);
            counting.forEach((instrument, change) -> (Outcomes.HEADLINE.contains(instrument) ? headlineInstruments : otherInstruments)
                    .computeIfAbsent(instrument, id -> new Counts()).add(change));
            Outcomes.headline(counting).ifPresent(headline::add);
            Optional<BigDecimal> early = client.earlyAlliance();
            Optional<OutcomeChange> primary = Outcomes.primary(counting);
            if (early.isPresent() && primary.isPresent()) {
                allianceOutcome.add(early.get(), primary.get().normalizedChange());
            }
        }

        /**
         * What the clients added so far sum to, by name: the counts, per instrument and for the
         * headline, and Pearson's sums; zeros left out. What {@link #add(Map)} takes: the sums of
         * several tallies added are the tally of all their clients.
         */
        public Map<String, BigDecimal> sums() {
            Map<String, BigDecimal> sums = new LinkedHashMap<>();
            sums.put(RUPTURE_CLIENTS, BigDecimal.valueOf(ruptureClients));
            sums.put(OPEN_RUPTURES, BigDecimal.valueOf(openRuptures));
            sums.putAll(headline.named(HEADLINE));
            headlineInstruments.forEach((id, counts) -> sums.putAll(counts.named(OUTCOMES + id + ".")));
            otherInstruments.forEach((id, counts) -> sums.putAll(counts.named(OUTCOMES + id + ".")));
            sums.putAll(allianceOutcome.named(ALLIANCE_OUTCOME));
            sums.values().removeIf(value -> value.signum() == 0);
            return sums;
        }

        /** Adds the sums of other clients, named as {@link #sums()} names them (a missing one is zero). */
        public void add(Map<String, BigDecimal> sums) {
            ruptureClients += sums.getOrDefault(RUPTURE_CLIENTS, BigDecimal.ZERO).longValueExact();
            openRuptures += sums.getOrDefault(OPEN_RUPTURES, BigDecimal.ZERO).longValueExact();
            headline.add(HEADLINE, sums);
            sums.keySet().stream()
                    .filter(name -> name.startsWith(OUTCOMES) && name.endsWith("." + Counts.CLIENTS))
                    .map(name -> name.substring(OUTCOMES.length(), name.length() - Counts.CLIENTS.length() - 1))
                    .forEach(id -> (Outcomes.HEADLINE.contains(id) ? headlineInstruments : otherInstruments)
                            .computeIfAbsent(id, k -> new Counts()).add(OUTCOMES + id + ".", sums));
            allianceOutcome.add(ALLIANCE_OUTCOME, sums);
        }

        /**
         * {@code outcomes.<id>}: phq-9, gad-7 and ors always (with 0 clients and null rates when
         * none counts), then any other outcome instrument a client counts on, by id.
         */
        public ClientFigures figures() {
            Map<String, InstrumentOutcomes> outcomes = new LinkedHashMap<>();
            headlineInstruments.forEach((id, counts) -> outcomes.put(id, counts.instrument()));
            otherInstruments.forEach((id, counts) -> {
                if (counts.clients > 0) {
                    outcomes.put(id, counts.instrument());
                }
            });
            return new ClientFigures(ruptureClients, openRuptures, headline.rates(), outcomes,
                    new Outcomes.AllianceOutcome(allianceOutcome.pairs(), allianceOutcome.r(minClientsForR)));
        }
    }

    /** Clients judged: on one instrument (its changes) or in the headline (their verdicts). */
    private static final class Counts {

        static final String CLIENTS = "clients";
        private static final List<String> NAMES =
                List.of(CLIENTS, "judged", "improved", "deteriorated", "cases", "recovered", "reliablyRecovered");

        private long clients;
        private long judged;
        private long improved;
        private long deteriorated;
        private long cases;
        private long recovered;
        private long reliablyRecovered;

        void add(OutcomeChange change) {
            clients++;
            judged += change.reliableChange().isPresent() ? 1 : 0;
            improved += change.improved() ? 1 : 0;
            deteriorated += change.deteriorated() ? 1 : 0;
            cases += change.caseAtIntake() ? 1 : 0;
            recovered += change.recovered() ? 1 : 0;
            reliablyRecovered += change.recovered() && change.improved() ? 1 : 0;
        }

        void add(Outcomes.Verdict verdict) {
            clients++;
            judged++;
            improved += verdict.improved() ? 1 : 0;
            deteriorated += verdict.deteriorated() ? 1 : 0;
            cases += verdict.caseAtIntake() ? 1 : 0;
            recovered += verdict.recovered() ? 1 : 0;
        }

        Map<String, BigDecimal> named(String prefix) {
            long[] values = {clients, judged, improved, deteriorated, cases, recovered, reliablyRecovered};
            Map<String, BigDecimal> named = new LinkedHashMap<>();
            for (int i = 0; i < NAMES.size(); i++) {
                named.put(prefix + NAMES.get(i), BigDecimal.valueOf(values[i]));
            }
            return named;
        }

        void add(String prefix, Map<String, BigDecimal> named) {
            long[] values = NAMES.stream()
                    .mapToLong(name -> named.getOrDefault(prefix + name, BigDecimal.ZERO).longValueExact()).toArray();
            clients += values[0];
            judged += values[1];
            improved += values[2];
            deteriorated += values[3];
            cases += values[4];
            recovered += values[5];
            reliablyRecovered += values[6];
        }

        InstrumentOutcomes instrument() {
            return new InstrumentOutcomes(clients, Decimals.ratio(improved, judged), Decimals.ratio(deteriorated, judged),
                    cases, Decimals.ratio(recovered, cases), Decimals.ratio(reliablyRecovered, cases));
        }

        OutcomeRates rates() {
            return new OutcomeRates(judged, Decimals.ratio(improved, judged), Decimals.ratio(deteriorated, judged),
                    cases, Decimals.ratio(recovered, cases));
        }
    }
}
