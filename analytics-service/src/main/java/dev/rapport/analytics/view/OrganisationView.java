package dev.rapport.analytics.view;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The organisation-wide figures of a window: the view of docs/domain.md over every counsellor's
 * clients, the same {@link Figures} as {@link CounsellorView} (a client counts once per
 * counsellor: the alliance is a relationship with one counsellor). Means are over all forms (not
 * means of counsellors' means); activeClients is distinct over the organisation; openRuptures
 * counts every client's open episodes; the safety figures count each alert once (an alert follows
 * its client to several counsellors, and is in each of their views). allianceOutcomeR is the
 * platform's own check of the alliance–outcome premise, exploratory: it is not the meta-analytic
 * r = .278, which comes from controlled study designs.
 */
@Schema(requiredProperties = {"window", "asOf", "counsellors", "sessionsEnded", "sessionsCancelled", "noShows", "activeClients",
        "allianceForms", "allianceClients", "waiForms", "waiClients", "empathyForms", "empathyClients", "ruptures",
        "ruptureClients", "safetyEscalations", "outcomeClients", "casesAtIntake", "outcomes", "allianceOutcomeClients"})
public record OrganisationView(String window, Instant asOf, long counsellors, @JsonUnwrapped Figures figures) {}
