package dev.rapport.analytics.view;

import dev.rapport.analytics.domain.InstrumentOutcomes;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The figures of docs/domain.md, by its names: the one list of them. {@link CounsellorView} and
 * {@link OrganisationView} carry them unwrapped (their JSON is flat), and the CSV export's columns
 * and the list's sort keys are this record's components (api {@code CounsellorViews}). A figure is
 * null, not zero, when there is nothing to average; every mean and rate comes with the counts it
 * rests on (forms and distinct clients).
 *
 * @param allianceForms   the alliance forms (wai-sr, srs) allianceIndex and allianceTrend rest on; allianceClients their distinct clients
 * @param waiForms        the wai-sr forms bond, goal and task rest on; waiClients their distinct clients
 * @param empathyForms    the scorable care forms empathyIndex rests on; empathyClients their distinct clients
 * @param ruptures        rupture episodes opened in the window (repairRate's denominator); ruptureClients their distinct clients
 * @param openRuptures    clients with an episode open now (current state, the same in every window)
 * @param safetyAlerts    unresolved safety alerts of the counsellor's clients (every counsellor with a
 *                        session for the client sees the alert), current state
 * @param outcomeClients  clients judged by the headline outcome rates (paired rule for phq-9 with gad-7,
 *                        else their one instrument); casesAtIntake of those, recoveryRate's denominator
 * @param outcomes        per outcome instrument (phq-9, gad-7, ors, then any other), from intake
 * @param allianceOutcomeClients the clients allianceOutcomeR rests on (null below its minimum)
 */
public record Figures(
        long sessionsEnded,
        long sessionsCancelled,
        long noShows,
        long activeClients,
        BigDecimal feedbackRate,
        BigDecimal allianceIndex,
        long allianceForms,
        long allianceClients,
        BigDecimal bond,
        BigDecimal goal,
        BigDecimal task,
        long waiForms,
        long waiClients,
        BigDecimal empathyIndex,
        long empathyForms,
        long empathyClients,
        BigDecimal allianceTrend,
        long ruptures,
        long ruptureClients,
        Long openRuptures,
        BigDecimal repairRate,
        Long safetyAlerts,
        long safetyEscalations,
        BigDecimal safetyMinutesToAcknowledge,
        long outcomeClients,
        BigDecimal reliableImprovementRate,
        BigDecimal deteriorationRate,
        long casesAtIntake,
        BigDecimal recoveryRate,
        Map<String, InstrumentOutcomes> outcomes,
        BigDecimal allianceOutcomeR,
        long allianceOutcomeClients) {

    /** The same figures with these outcomes (a stored view's, in the order of the computed view). */
    public Figures withOutcomes(Map<String, InstrumentOutcomes> outcomes) {
        return new Figures(sessionsEnded, sessionsCancelled, noShows, activeClients, feedbackRate, allianceIndex, allianceForms,
                allianceClients, bond, goal, task, waiForms, waiClients, empathyIndex, empathyForms, empathyClients, allianceTrend,
                ruptures, ruptureClients, openRuptures, repairRate, safetyAlerts, safetyEscalations, safetyMinutesToAcknowledge,
                outcomeClients, reliableImprovementRate, deteriorationRate, casesAtIntake, recoveryRate, outcomes, allianceOutcomeR,
                allianceOutcomeClients);
    }
}
