package dev.rapport.analytics.api;

import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The organisation-wide figures of a window: the view of docs/domain.md over every counsellor's
 * clients. Means are over all forms (not means of counsellors' means); activeClients is distinct
 * over the organisation; openRuptures counts every client's open episodes; the safety figures
 * count each alert once (an alert follows its client to several counsellors, and is in each of
 * their views). allianceOutcomeR is the platform's own check of the alliance–outcome premise.
 */
@Schema(requiredProperties = {"window", "asOf", "counsellors", "sessionsEnded", "sessionsCancelled", "noShows", "activeClients", "safetyEscalations"})
public record OrganisationView(
        String window,
        Instant asOf,
        long counsellors,
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
