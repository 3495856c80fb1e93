package dev.rapport.analytics.view;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The per-counsellor view of docs/domain.md: the {@link Figures} of one counsellor's clients in a
 * window, flat in the JSON beside the counsellor, the window and the instant.
 *
 * @param belowMinimum the figures here that rest on fewer clients than the configured minimum for
 *                     comparisons (default 10): read them beside other counsellors' with care
 */
@Schema(requiredProperties = {"counsellorId", "window", "asOf", "sessionsEnded", "sessionsCancelled", "noShows", "activeClients",
        "allianceForms", "allianceClients", "waiForms", "waiClients", "empathyForms", "empathyClients", "ruptures",
        "ruptureClients", "safetyEscalations", "outcomeClients", "casesAtIntake", "outcomes", "allianceOutcomeClients",
        "belowMinimum"})
public record CounsellorView(UUID counsellorId, String window, Instant asOf, @JsonUnwrapped Figures figures, List<String> belowMinimum) {}
