package dev.rapport.feedback.api;

import dev.rapport.feedback.api.SafetyAlertMapper.Detail;
import dev.rapport.feedback.domain.SafetyAlertStatus;
import dev.rapport.feedback.messaging.SafetyAlertFeed;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The safety pathway over REST: the worklist, one alert, acknowledging, resolving, and the live stream. */
@Path("/api/alerts/safety")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "safety alerts", description = "A risk answer (PHQ-9 item 9 above 0) raises an alert that a person must acknowledge and resolve")
public class SafetyAlertResource {

    private static final String RESOURCE = "safety-alert";

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
    @Operation(summary = "The safety worklist, newest first",
            description = "A counsellor sees the alerts of every client they have a session with; supervisors and admins see all. "
                    + "Supervisors see the client as a pseudonymous clientRef until they open one alert.")
    public Uni<SafetyAlertPageJson> list(@QueryParam("status") String statusParam,
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
    @Operation(summary = "One safety alert, with the client's id and the resolution note",
            description = "Opening an alert is an audited read of the client's identity, also for supervisors.")
    public Uni<SafetyAlertJson> one(@PathParam("id") UUID id) {
        return alerts.find(caller, id)
                .invoke(alert -> audit.read(caller, RESOURCE, id))
                .map(alert -> mapper.toJson(alert, Detail.WITH_NOTE));
    }

    @POST
    @Path("/{id}/acknowledge")
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR})
    @Operation(summary = "Take an OPEN alert on: OPEN → ACKNOWLEDGED",
            description = "By a counsellor of the client or a supervisor. 409 when the alert is not OPEN (someone acknowledged it first).")
    public Uni<SafetyAlertJson> acknowledge(@PathParam("id") UUID id) {
        return alerts.acknowledge(caller, id).map(alert -> mapper.toJson(alert, Detail.WITH_NOTE));
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR})
    @Operation(summary = "Close an alert with what was done: OPEN or ACKNOWLEDGED → RESOLVED",
            description = "By a counsellor of the client or a supervisor; outcome is required. The note stays in this service. "
                    + "409 when the alert is RESOLVED already.")
    public Uni<SafetyAlertJson> resolve(@PathParam("id") UUID id, @Valid @NotNull ResolveSafetyAlertRequest request) {
        return alerts.resolve(caller, id, request.outcome(), request.note()).map(alert -> mapper.toJson(alert, Detail.WITH_NOTE));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR})
    @Operation(summary = "Every safety alert the caller may see, as it is raised, escalated or changed",
            description = "Server-sent events, one alert (its whole current state) per event, from any instance of the service. "
                    + "Read the worklist first, then keep the stream open; after a reconnect read the worklist again.")
    public Multi<SafetyAlertJson> stream() {
        UUID reader = caller.id();
        boolean supervisor = caller.is(Roles.SUPERVISOR);
        audit.read(caller, "safety-alert-stream", reader);
        Detail detail = supervisor ? Detail.PSEUDONYMOUS : Detail.IDENTIFIED;
        return feed.visibleTo(reader, supervisor).map(change -> mapper.toJson(change.alert(), detail));
    }
}
