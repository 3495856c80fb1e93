package dev.rapport.analytics.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The per-counsellor view of docs/domain.md, by its names. A figure is null, not zero, when there is
 * nothing to average. The one list of the figures: the CSV export's columns and the list's sort
 * keys are this record's components ({@link CounsellorViews}).
 *
 * @param safetyAlerts unresolved safety alerts of the counsellor's clients (every counsellor with a
 *                     session for the client sees the alert), current state
 */
@Schema(requiredProperties = {"counsellorId", "window", "asOf", "sessionsEnded", "sessionsCancelled", "noShows", "activeClients", "safetyEscalations"})
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
        BigDecimal bond,
        BigDecimal goal,
        BigDecimal task,
        BigDecimal empathyIndex,
        BigDecimal allianceTrend,
        Long openRuptures,
        BigDecimal repairRate,
        Long safetyAlerts,
        long safetyEscalations,
        BigDecimal safetyMinutesToAcknowledge,
        BigDecimal reliableImprovementRate,
        BigDecimal deteriorationRate,
        BigDecimal allianceOutcomeR) {}
