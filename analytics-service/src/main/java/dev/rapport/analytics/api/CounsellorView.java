package dev.rapport.analytics.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The per-counsellor view of domain.md, by its names. A figure is null, not zero, when there is
 * nothing to average.
 */
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
        BigDecimal reliableImprovementRate,
        BigDecimal deteriorationRate,
        BigDecimal allianceOutcomeR) {}
