package dev.rapport.analytics.view;

import dev.rapport.analytics.domain.InstrumentOutcomes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The organisation-wide figures of a window: the view of docs/domain.md over every counsellor's
 * clients, with the same counts beside each mean and rate as {@link CounsellorView} (a client
 * counts once per counsellor: the alliance is a relationship with one counsellor). Means are over
 * all forms (not means of counsellors' means); activeClients is distinct over the organisation;
 * openRuptures counts every client's open episodes; the safety figures count each alert once (an
 * alert follows its client to several counsellors, and is in each of their views).
 * allianceOutcomeR is the platform's own check of the alliance–outcome premise, exploratory: it
 * is not the meta-analytic r = .278, which comes from controlled study designs.
 */
@Schema(requiredProperties = {"window", "asOf", "counsellors", "sessionsEnded", "sessionsCancelled", "noShows", "activeClients",
        "allianceForms", "allianceClients", "waiForms", "waiClients", "empathyForms", "empathyClients", "ruptures",
        "ruptureClients", "safetyEscalations", "outcomeClients", "casesAtIntake", "outcomes", "allianceOutcomeClients"})
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
        long allianceOutcomeClients) {}
