package dev.rapport.analytics.api;

import dev.rapport.analytics.domain.Window;
import dev.rapport.analytics.service.MetricsSeries;
import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A counsellor's figures over time, for charts: the history that the view and its stream do not keep. */
@Path("/api/metrics/counsellors/{counsellorId}/series")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics")
public class SeriesResource {

    private final MetricsSeries series;
    private final Caller caller;

    public SeriesResource(MetricsSeries series, Caller caller) {
        this.series = series;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN})
    @Operation(operationId = "getCounsellorSeries", summary = "One counsellor's figures over time, a point per day",
            description = "Same callers as the view. One point per UTC day of the window on which something was recorded "
                    + "(a session ended, cancelled or missed, a form submitted), oldest first: the window's figures as they "
                    + "stood at the end of that day (30d: that day and the 29 before it; all: everything up to it). At most "
                    + MetricsSeries.MAX_POINTS + " points (all keeps its most recent days and says `truncated`). Figures from "
                    + "the day rows only: counts of forms, never a client.")
    @APIResponse(responseCode = "200", description = "The series",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CounsellorSeries.class),
                    examples = @ExampleObject(name = "two days", value = """
                            {"counsellorId":"0b6e4f7a-1c2d-4e3f-8a9b-5c6d7e8f9a0b","window":"30d","asOf":"2026-12-03T10:15:00Z",
                             "maxPoints":366,"truncated":false,"points":[
                              {"day":"2026-11-20","sessionsEnded":1,"feedbackRate":1.00,"allianceIndex":95.00,"allianceForms":1,
                               "bond":null,"goal":null,"task":null,"waiForms":0,"empathyIndex":null,"empathyForms":0,"allianceTrend":null},
                              {"day":"2026-12-01","sessionsEnded":2,"feedbackRate":1.00,"allianceIndex":90.00,"allianceForms":2,
                               "bond":null,"goal":null,"task":null,"waiForms":0,"empathyIndex":75.00,"empathyForms":1,"allianceTrend":null}]}""")))
    @APIResponse(responseCode = "400", description = "window is not 30d, 90d or all (`violations` names it)")
    @APIResponse(responseCode = "403", description = "A counsellor asked for another counsellor's series")
    public Uni<CounsellorSeries> series(@PathParam("counsellorId") UUID counsellorId,
                                        @Parameter(description = "The window of each point's figures and of the series: 30d (default), 90d or all",
                                                schema = @Schema(enumeration = {"30d", "90d", "all"}))
                                        @QueryParam("window") String window) {
        // The view's rules (MetricsResource): a counsellor sees only their own figures; the window is named or 30d.
        if (!caller.isAny(Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN) && !caller.id().equals(counsellorId)) {
            throw ProblemException.forbidden("A counsellor sees only their own figures");
        }
        Window parsed = window == null || window.isBlank() ? Window.D30
                : Window.parse(window).orElseThrow(() -> ProblemException.invalidParameter("window", "must be one of 30d, 90d, all"));
        return series.of(counsellorId, parsed).map(CounsellorSeries::of);
    }
}
