package dev.rapport.feedback.api;

import dev.rapport.feedback.api.SafetyAlertMapper.Detail;
import dev.rapport.feedback.domain.SafetyAlertStatus;
import dev.rapport.feedback.service.SafetyAlertFeed;
import dev.rapport.feedback.service.SafetyAlerts;
import dev.rapport.platform.api.QueryParams;
import dev.rapport.platform.audit.AuditLog;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.server.Cancellable;

/** The safety pathway over REST: the worklist, one alert, acknowledging, resolving, and the live stream. */
@Path("/api/alerts/safety")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "safety alerts", description = "A risk answer (PHQ-9 item 9 above 0) raises an alert that a person must acknowledge and resolve")
// A client that hangs up must not cancel a unit of work halfway: the session would be closed under
// its running statement and the connection never returned (docs/reliability.md).
@Cancellable(false)
public class SafetyAlertResource {

    private static final String RESOURCE = "safety-alert";
    private static final String ALERT_EXAMPLE = """
            {"id":"1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e","status":"ACKNOWLEDGED","feedbackId":"9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
             "sessionId":"3f1c2a9e-7b4d-4e8a-9c61-2d5e8f0a1b2c","counsellorId":"0b6e4f7a-1c2d-4e3f-8a9b-5c6d7e8f9a0b",
             "clientId":"7d2e9c1b-3a4f-4b5c-8d6e-9f0a1b2c3d4e","clientRef":"c-5f0e3a1d9b7c2e4f","instrumentId":"phq-9","item":"9",
             "answer":1,"raisedAt":"2026-12-07T09:55:12Z","acknowledgedAt":"2026-12-07T10:03:40Z",
             "acknowledgedBy":"0b6e4f7a-1c2d-4e3f-8a9b-5c6d7e8f9a0b","escalatedAt":null,"resolvedAt":null,"resolvedBy":null,
             "outcome":null}""";

    private final SafetyAlerts alerts;
    private final SafetyAlertFeed feed;
    private final SafetyAlertMapper mapper;
    private final Caller caller;
    private final AuditLog audit;

    public SafetyAlertResource(SafetyAlerts alerts, SafetyAlertFeed feed, SafetyAlertMapper mapper, Caller caller, AuditLog audit) {
        this.alerts = alerts;
        this.feed = feed;
        this.mapper = mapper;
        this.caller = caller;
        this.audit = audit;
    }

    @GET
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "listSafetyAlerts", summary = "The safety worklist, newest first",
            description = "A counsellor sees the alerts of every client they have a session with; supervisors and admins see all. "
                    + "Supervisors see the client as a pseudonymous clientRef until they open one alert.")
    @APIResponse(responseCode = "200", description = "A page of alerts; `total` counts all that match",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SafetyAlertPageJson.class),
                    examples = @ExampleObject(name = "one page", value = "{\"items\":[" + ALERT_EXAMPLE + "],\"page\":0,\"size\":20,\"total\":1}")))
    @APIResponse(responseCode = "400", description = "status is not an alert status, or page or size out of range (`violations` names it)")
    public Uni<SafetyAlertPageJson> list(@Parameter(description = "Only alerts in this status",
                                                 schema = @Schema(implementation = SafetyAlertStatus.class))
                                         @QueryParam("status") String statusParam,
                                         @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                         @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        SafetyAlertStatus status = QueryParams.enumValue("status", statusParam, SafetyAlertStatus.class);
        Detail detail = caller.is(Roles.SUPERVISOR) && !caller.is(Roles.ADMIN) ? Detail.PSEUDONYMOUS : Detail.IDENTIFIED;
        return alerts.list(caller, status, page, size)
                .invoke(result -> audit.read(caller, "safety-alert-list", caller.id(), result.items().size()))
                .map(result -> new SafetyAlertPageJson(result.items().stream().map(a -> mapper.toJson(a, detail)).toList(),
                        result.page(), result.size(), result.total()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "getSafetyAlert", summary = "One safety alert, with the client's id and the resolution note",
            description = "For a counsellor of the client, supervisors and admins. Opening an alert is an audited read of "
                    + "the client's identity, also for supervisors.")
    @APIResponse(responseCode = "200", description = "The alert",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SafetyAlertJson.class),
                    examples = @ExampleObject(name = "acknowledged", value = ALERT_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such alert, or not one of the caller's clients'")
    public Uni<SafetyAlertJson> one(@PathParam("id") UUID id) {
        return alerts.find(caller, id)
                .invoke(alert -> audit.read(caller, RESOURCE, id))
                .map(alert -> mapper.toJson(alert, Detail.WITH_NOTE));
    }

    @POST
    @Path("/{id}/acknowledge")
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR})
    @Operation(operationId = "acknowledgeSafetyAlert", summary = "Take an OPEN alert on: OPEN → ACKNOWLEDGED",
            description = "By a counsellor of the client or a supervisor. 409 when the alert is not OPEN (someone acknowledged it first).")
    @APIResponse(responseCode = "200", description = "The alert, now ACKNOWLEDGED by the caller",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SafetyAlertJson.class),
                    examples = @ExampleObject(name = "acknowledged", value = ALERT_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such alert, or not one of the caller's clients'")
    @APIResponse(responseCode = "409", description = "The alert is not OPEN: someone acknowledged or resolved it first; "
            + "read it again to see who")
    public Uni<SafetyAlertJson> acknowledge(@PathParam("id") UUID id) {
        return alerts.acknowledge(caller, id).map(alert -> mapper.toJson(alert, Detail.WITH_NOTE));
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR})
    @Operation(operationId = "resolveSafetyAlert", summary = "Close an alert with what was done: OPEN or ACKNOWLEDGED → RESOLVED",
            description = "By a counsellor of the client or a supervisor; outcome is required. The note stays in this service. "
                    + "409 when the alert is RESOLVED already.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ResolveSafetyAlertRequest.class),
            examples = @ExampleObject(name = "safety plan", value = "{\"outcome\":\"SAFETY_PLAN\",\"note\":\"Called the client; plan agreed\"}")))
    @APIResponse(responseCode = "200", description = "The alert, now RESOLVED, with the note",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SafetyAlertJson.class)))
    @APIResponse(responseCode = "400", description = "outcome missing or not a known outcome, or a note over 2000 characters "
            + "(`violations` names it)")
    @APIResponse(responseCode = "404", description = "No such alert, or not one of the caller's clients'")
    @APIResponse(responseCode = "409", description = "The alert is RESOLVED already")
    public Uni<SafetyAlertJson> resolve(@PathParam("id") UUID id, @Valid @NotNull ResolveSafetyAlertRequest request) {
        return alerts.resolve(caller, id, request.outcome(), request.note()).map(alert -> mapper.toJson(alert, Detail.WITH_NOTE));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR})
    @Operation(operationId = "streamSafetyAlerts", summary = "Every safety alert the caller may see, as it is raised, escalated or changed",
            description = "For counsellors (their clients' alerts) and supervisors (all, clients pseudonymous). "
                    + "Server-sent events, one alert (its whole current state) per event, from any instance of the service. "
                    + "Read the worklist first, then keep the stream open; after a reconnect read the worklist again.")
    @APIResponse(responseCode = "200", description = "An endless text/event-stream; each event's data is one alert's JSON",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = SafetyAlertJson.class)))
    @APIResponse(responseCode = "429", description = "This instance has as many open safety streams as it allows: retry after "
            + "`Retry-After` seconds",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before reconnecting",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public Multi<SafetyAlertJson> stream() {
        UUID reader = caller.id();
        boolean supervisor = caller.is(Roles.SUPERVISOR);
        audit.read(caller, "safety-alert-stream", reader);
        Detail detail = supervisor ? Detail.PSEUDONYMOUS : Detail.IDENTIFIED;
        return feed.visibleTo(reader, supervisor).map(change -> mapper.toJson(change.alert(), detail));
    }
}
