package dev.rapport.analytics.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The figures of a window that are read from the clients' whole histories rather than summed
 * from day rows: distinct clients with rupture episodes opened in the window, open episodes now,
 * the outcomes from intake and allianceOutcomeR.
 */
public record ClientFigures(long ruptureClients, long openRuptures, OutcomeRates rates,
                            Map<String, InstrumentOutcomes> outcomes, Outcomes.AllianceOutcome allianceOutcome) {

    public static ClientFigures of(Collection<ClientScores> clients, Instant since, RuptureDetector detector, Outcomes outcomes) {
        return new ClientFigures(detector.clientsWithEpisodesSince(clients, since), detector.openRuptures(clients),
                outcomes.rates(clients, since), Outcomes.perInstrument(clients, since), outcomes.allianceOutcome(clients, since));
    }
}
