package dev.rapport.analytics.view;

import dev.rapport.analytics.domain.InstrumentOutcomes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The per-counsellor view of docs/domain.md, by its names. A figure is null, not zero, when there is
 * nothing to average; every mean and rate comes with the counts it rests on (forms and distinct
 * clients). The one list of the figures: the CSV export's columns and the list's sort keys are
 * this record's components ({@link CounsellorViews}).
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
 * @param belowMinimum    the figures here that rest on fewer clients than the configured minimum for
 *                        comparisons (default 10): read them beside other counsellors' with care
 */
@Schema(requiredProperties = {"counsellorId", "window", "asOf", "sessionsEnded", "sessionsCancelled", "noShows", "activeClients",
        "allianceForms", "allianceClients", "waiForms", "waiClients", "empathyForms", "empathyClients", "ruptures",
        "ruptureClients", "safetyEscalations", "outcomeClients", "casesAtIntake", "outcomes", "allianceOutcomeClients",
        "belowMinimum"})
public record CounsellorView(
        UUID counsellorId,
        String window,
        Instant asOf,
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
        long allianceOutcomeClients,
        List<String> belowMinimum) {}
