package dev.rapport.analytics.api;

import dev.rapport.analytics.domain.Window;
import dev.rapport.analytics.service.MetricsService;
import dev.rapport.analytics.service.MetricsStream;
import dev.rapport.analytics.view.AlertView;
import dev.rapport.analytics.view.CounsellorMetrics;
import dev.rapport.analytics.view.CounsellorPage;
import dev.rapport.analytics.view.CounsellorView;
import dev.rapport.analytics.view.OrganisationView;
import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.audit.AuditLog;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.server.Cancellable;

@Path("/api/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics", description = "Alliance, outcome and safety figures per counsellor and for the organisation, "
        + "computed from the session and feedback events (clients pseudonymous)")
// A client that hangs up must not cancel a unit of work halfway: the session would be closed under
// its running statement and the connection never returned (docs/reliability.md).
@Cancellable(false)
public class MetricsResource {

    static final String TEXT_CSV = "text/csv";
    private static final String WINDOW = "The window of the figures: 30d (default), 90d or all";
    private static final String BAD_WINDOW = "window is not 30d, 90d or all (`violations` names it)";

    private final MetricsService metrics;
    private final MetricsStream stream;
    private final Caller caller;
    private final AuditLog audit;

    public MetricsResource(MetricsService metrics, MetricsStream stream, Caller caller, AuditLog audit) {
        this.metrics = metrics;
        this.stream = stream;
        this.caller = caller;
        this.audit = audit;
    }

    @GET
    @Path("/counsellors/{counsellorId}")
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN})
    @Operation(operationId = "getCounsellorMetrics", summary = "One counsellor's view: alliance, outcomes, ruptures, safety",
            description = "For that counsellor, supervisors, analysts and admins. The figures of one window; a figure without "
                    + "enough data is null. A counsellor asking for another counsellor's view gets 403.")
    @APIResponse(responseCode = "200", description = "The view",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CounsellorView.class)))
    @APIResponse(responseCode = "400", description = BAD_WINDOW)
    @APIResponse(responseCode = "403", description = "A counsellor asked for another counsellor's view")
    public Uni<CounsellorView> counsellor(@PathParam("counsellorId") UUID counsellorId,
                                          @Parameter(description = WINDOW, schema = @Schema(enumeration = {"30d", "90d", "all"}))
                                          @QueryParam("window") String window) {
        requireOwnOr(counsellorId, "A counsellor sees only their own view", Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN);
        return metrics.view(counsellorId, window(window));
    }

    /**
     * The counsellor's view in every window ({@link CounsellorMetrics}) at once, then after every
     * change: one server-sent event per view, the JSON of alliance-metrics.
     */
    @GET
    @Path("/counsellors/{counsellorId}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN})
    @Operation(operationId = "streamCounsellorMetrics", summary = "One counsellor's view in every window, live",
            description = "Server-sent events: the current view (all windows) at once, then a new one after every change, "
                    + "from any instance. Same callers as the view. The stream ends when the caller's token expires; a reader "
                    + "that falls more views behind than the server buffers (16 by default) is disconnected. Reconnect "
                    + "(with a fresh token) for the current view.")
    @APIResponse(responseCode = "200", description = "An endless text/event-stream; each event's data is the view's JSON",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = CounsellorMetrics.class)))
    @APIResponse(responseCode = "403", description = "A counsellor asked for another counsellor's view")
    @APIResponse(responseCode = "429", description = "The caller has as many view streams open on this instance as allowed "
            + "(rapport.analytics.stream.max-per-user): close one, or retry after `Retry-After` seconds",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before reconnecting",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public Multi<CounsellorMetrics> stream(@PathParam("counsellorId") UUID counsellorId, @Context HttpServerRequest request) {
        requireOwnOr(counsellorId, "A counsellor sees only their own view", Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN);
        // The stream ends when the token does: the client reconnects with a fresh one.
        Instant until = caller.expiresAt().orElse(null);
        return stream.of(counsellorId, caller.id(), until, () -> request.response().reset());
    }

    @GET
    @Path("/counsellors/{counsellorId}/alerts")
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "listCounsellorAlerts", summary = "The counsellor's open alerts",
            description = "For that counsellor, supervisors and admins: open rupture and deterioration episodes and "
                    + "unresolved safety alerts of the counsellor's clients, clients by pseudonymous reference. The read is audited.")
    @APIResponse(responseCode = "200", description = "The open alerts (an empty list when none)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = AlertView.class),
                    examples = @ExampleObject(name = "a rupture", value = """
                            [{"type":"rupture","clientRef":"c-5f0e3a1d9b7c2e4f","instrumentId":"srs",
                              "feedbackId":"9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b","total":31.0,"normalized":77.50,"scoreBefore":92.00,
                              "causes":["BELOW_CUTOFF","DROP"],"raisedAt":"2026-12-07T09:55:12Z","alertId":null,"status":null,
                              "acknowledgedAt":null,"escalatedAt":null}]""")))
    @APIResponse(responseCode = "403", description = "A counsellor asked for another counsellor's alerts")
    public Uni<List<AlertView>> alerts(@PathParam("counsellorId") UUID counsellorId) {
        requireOwnOr(counsellorId, "A counsellor sees only their own alerts", Roles.SUPERVISOR, Roles.ADMIN);
        // Alerts name (pseudonymous) clients and their scores: a read of client data.
        return metrics.alerts(counsellorId).invoke(alerts -> audit.read(caller, "counsellor-alerts", counsellorId, alerts.size()));
    }

    @GET
    @Path("/counsellors")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN})
    @Operation(operationId = "listCounsellorMetrics", summary = "Every counsellor's view, sorted, a page at a time",
            description = "For supervisors, analysts and admins. `sort` is a figure's name (e.g. allianceIndex), with a "
                    + "leading '-' for descending; default counsellorId.")
    @APIResponse(responseCode = "200", description = "A page of views; `total` counts the counsellors",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CounsellorPage.class)))
    @APIResponse(responseCode = "400", description = "window, sort, page or size invalid (`violations` names it)")
    public Uni<CounsellorPage> counsellors(@Parameter(description = WINDOW, schema = @Schema(enumeration = {"30d", "90d", "all"}))
                                           @QueryParam("window") String window,
                                           @Parameter(description = "A figure's name, '-' first for descending", example = "-allianceIndex")
                                           @QueryParam("sort") String sort,
                                           @Parameter(description = "From 0", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
                                           @QueryParam("page") String page,
                                           @Parameter(description = "1 to 100, default 20",
                                                   schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
                                           @QueryParam("size") String size) {
        Window parsed = window(window);
        String order = sort == null || sort.isBlank() ? "counsellorId" : sort;
        CounsellorViews.order(order);
        int pageNumber = CounsellorViews.page(page);
        int pageSize = CounsellorViews.size(size);
        return metrics.page(parsed, order, pageNumber, pageSize);
    }

    @GET
    @Path("/summary")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN})
    @Operation(operationId = "getOrganisationMetrics", summary = "The organisation's figures",
            description = "For supervisors, analysts and admins: the view over every counsellor's clients, with "
                    + "allianceOutcomeR, the correlation of alliance and outcome (null below the minimum of clients).")
    @APIResponse(responseCode = "200", description = "The organisation's view",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrganisationView.class)))
    @APIResponse(responseCode = "400", description = BAD_WINDOW)
    public Uni<OrganisationView> summary(@Parameter(description = WINDOW, schema = @Schema(enumeration = {"30d", "90d", "all"}))
                                         @QueryParam("window") String window) {
        return metrics.summary(window(window));
    }

    @GET
    @Path("/export")
    // One type only: Quarkus REST streams a Multi in a single media type (errors are problem+json regardless).
    @Produces(TEXT_CSV)
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @Operation(operationId = "exportCounsellorMetrics", summary = "Every counsellor's figures as CSV",
            description = "For analysts and admins: one row per counsellor, a header row first, figures by their names.")
    @APIResponse(responseCode = "200", description = "The CSV, as an attachment",
            headers = @Header(name = "Content-Disposition", description = "attachment; filename=\"counsellor-metrics-<window>.csv\"",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = TEXT_CSV, schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "csv", value = "counsellorId,sessionsEnded,allianceIndex\n0b6e4f7a-1c2d-4e3f-8a9b-5c6d7e8f9a0b,12,88.40\n")))
    @APIResponse(responseCode = "400", description = "window invalid, or format other than csv (`violations` names it)")
    public RestMulti<String> export(@Parameter(description = WINDOW, schema = @Schema(enumeration = {"30d", "90d", "all"}))
                                @QueryParam("window") String window,
                                @Parameter(description = "csv, the only format", schema = @Schema(enumeration = "csv"))
                                @QueryParam("format") String format) {
        Window parsed = window(window);
        if (format != null && !format.isBlank() && !format.equals("csv")) {
            throw ProblemException.invalidParameter("format", "must be csv");
        }
        // Streamed a chunk of counsellors at a time, each written before the next is read.
        Multi<String> csv = metrics.export(parsed).onItem().transformToMulti(export -> Multi.createBy().concatenating().streams(
                Multi.createFrom().item(CounsellorViews.csvHeader(export.instruments())),
                export.chunks().map(views -> CounsellorViews.csvRows(views, export.instruments()))));
        // encodeAsJsonArray stays true: for a type without "json" Quarkus REST writes the items as
        // they are then; false would append a "\n" to each, a blank record between two chunks.
        return RestMulti.fromMultiData(csv)
                .header("Content-Type", TEXT_CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"counsellor-metrics-" + parsed.label() + ".csv\"")
                .build();
    }

    private void requireOwnOr(UUID counsellorId, String refusal, String... seeingEveryone) {
        if (!caller.isAny(seeingEveryone) && !caller.id().equals(counsellorId)) {
            throw ProblemException.forbidden(refusal);
        }
    }

    private static Window window(String value) {
        if (value == null || value.isBlank()) {
            return Window.D30;
        }
        return Window.parse(value).orElseThrow(() -> ProblemException.invalidParameter("window", "must be one of 30d, 90d, all"));
    }
}
