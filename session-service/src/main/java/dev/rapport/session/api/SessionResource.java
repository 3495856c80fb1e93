package dev.rapport.session.api;

import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.api.QueryParams;
import dev.rapport.platform.audit.AuditLog;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import dev.rapport.session.domain.SessionStatus;
import dev.rapport.session.domain.Transition;
import dev.rapport.session.service.ClientAccounts;
import dev.rapport.session.service.SessionService;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
import org.jboss.resteasy.reactive.server.Cancellable;

@Path("/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "sessions", description = "Therapy sessions and their lifecycle: SCHEDULED → IN_PROGRESS → ENDED, "
        + "or SCHEDULED → CANCELLED / NO_SHOW")
// A client that hangs up must not cancel a unit of work halfway: the session would be closed under
// its running statement and the connection never returned (docs/reliability.md).
@Cancellable(false)
public class SessionResource {

    static final String SESSION_EXAMPLE = """
            {"id":"3f1c2a9e-7b4d-4e8a-9c61-2d5e8f0a1b2c","counsellorId":"0b6e4f7a-1c2d-4e3f-8a9b-5c6d7e8f9a0b",
             "clientId":"7d2e9c1b-3a4f-4b5c-8d6e-9f0a1b2c3d4e","clientRef":"c-5f0e3a1d9b7c2e4f",
             "scheduledStart":"2026-12-07T09:00:00Z","modality":"VIDEO","status":"ENDED",
             "startedAt":"2026-12-07T09:02:11Z","endedAt":"2026-12-07T09:52:40Z","durationSeconds":3029,"version":2}""";
    static final String CONFLICT_EXAMPLE = """
            {"type":"https://rapport.dev/problems/conflict","title":"Conflict","status":409,
             "detail":"A session that is ENDED cannot be started"}""";

    /** How far ahead a session may be scheduled, and how far back one may be recorded. */
    static final Duration SCHEDULING_HORIZON = Duration.ofDays(366);
    /** The widest from–to range a listing may ask for (OWASP API4). */
    static final Duration MAX_RANGE = Duration.ofDays(366);

    private final SessionService sessions;
    private final ClientAccounts clientAccounts;
    private final Caller caller;
    private final AuditLog audit;

    public SessionResource(SessionService sessions, ClientAccounts clientAccounts, Caller caller, AuditLog audit) {
        this.sessions = sessions;
        this.clientAccounts = clientAccounts;
        this.caller = caller;
        this.audit = audit;
    }

    @POST
    @RolesAllowed({Roles.COUNSELLOR, Roles.ADMIN})
    @Operation(operationId = "scheduleSession", summary = "Schedule a session",
            description = "A counsellor schedules a session of their own with a client (the counsellor is the caller; "
                    + "`counsellorId` may be left out or must be the caller's id). An admin schedules for any counsellor and "
                    + "must give `counsellorId`. `scheduledStart` lies within one year before or after now. "
                    + "Answers 201 with the new session (status SCHEDULED) and its URL in `Location`.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleRequest.class),
            examples = @ExampleObject(name = "video session", value = """
                    {"clientId":"7d2e9c1b-3a4f-4b5c-8d6e-9f0a1b2c3d4e","scheduledStart":"2026-12-07T09:00:00Z","modality":"VIDEO"}""")))
    @APIResponse(responseCode = "201", description = "Scheduled; `Location` is the session's URL",
            headers = @Header(name = "Location", description = "/api/sessions/{id} of the new session",
                    schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionJson.class),
                    examples = @ExampleObject(name = "scheduled", value = """
                            {"id":"3f1c2a9e-7b4d-4e8a-9c61-2d5e8f0a1b2c","counsellorId":"0b6e4f7a-1c2d-4e3f-8a9b-5c6d7e8f9a0b",
                             "clientId":"7d2e9c1b-3a4f-4b5c-8d6e-9f0a1b2c3d4e","clientRef":"c-5f0e3a1d9b7c2e4f",
                             "scheduledStart":"2026-12-07T09:00:00Z","modality":"VIDEO","status":"SCHEDULED",
                             "startedAt":null,"endedAt":null,"durationSeconds":null,"version":0}""")))
    @APIResponse(responseCode = "400", description = "A field is missing or invalid (`violations` names it): clientId, "
            + "scheduledStart (ISO-8601 instant, within a year of now), modality (VIDEO, AUDIO or CHAT), or counsellorId "
            + "missing when an admin schedules")
    @APIResponse(responseCode = "403", description = "The caller is neither counsellor nor admin, or a counsellor gave "
            + "another counsellor's id")
    @APIResponse(responseCode = "422", description = "clientId is not the id of a client account of the realm "
            + "(`violations` names clientId)")
    @APIResponse(responseCode = "503", description = "Whether clientId is a client account cannot be checked now (the identity "
            + "provider does not answer): retry after `Retry-After` seconds",
            headers = @Header(name = "Retry-After", description = "Seconds after which the same request may succeed",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public Uni<Response> schedule(@Valid @NotNull ScheduleRequest request) {
        Instant now = Instant.now();
        if (request.scheduledStart().isAfter(now.plus(SCHEDULING_HORIZON))) {
            throw ProblemException.invalidParameter("scheduledStart", "must be at most one year ahead");
        }
        if (request.scheduledStart().isBefore(now.minus(SCHEDULING_HORIZON))) {
            throw ProblemException.invalidParameter("scheduledStart", "must be at most one year back");
        }
        UUID counsellor = counsellorFor(request);
        // Asked before the transaction: it holds no connection while the identity provider answers.
        return clientAccounts.verify(request.clientId())
                .chain(() -> sessions.schedule(counsellor, request.clientId(), request.scheduledStart(), request.modality()))
                .map(session -> Response.created(URI.create("/api/sessions/" + session.id)).entity(SessionJson.of(session)).build());
    }

    @POST
    @Path("/{id}/start")
    @Operation(operationId = "startSession", summary = "Start a session: SCHEDULED → IN_PROGRESS",
            description = "By the session's counsellor (or an admin) when the session begins; sets `startedAt`.")
    @APIResponse(responseCode = "200", description = "The session, now IN_PROGRESS",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionJson.class)))
    @APIResponse(responseCode = "404", description = "No such session, or not one of the caller's")
    @APIResponse(responseCode = "409", description = "The session is not SCHEDULED (someone changed it first): read it again to see its status",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "illegal change", value = CONFLICT_EXAMPLE)))
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.COUNSELLOR, Roles.ADMIN})
    public Uni<SessionJson> start(@PathParam("id") UUID id) {
        return sessions.change(id, Transition.START, caller, null).map(SessionJson::of);
    }

    @POST
    @Path("/{id}/end")
    @Operation(operationId = "endSession", summary = "End a session: IN_PROGRESS → ENDED",
            description = "By the session's counsellor (or an admin) when the session is over; sets `endedAt` and `durationSeconds`. From then on the client may give feedback on it (feedback-service).")
    @APIResponse(responseCode = "200", description = "The session, now ENDED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionJson.class)))
    @APIResponse(responseCode = "404", description = "No such session, or not one of the caller's")
    @APIResponse(responseCode = "409", description = "The session is not IN_PROGRESS (someone changed it first): read it again to see its status",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "illegal change", value = CONFLICT_EXAMPLE)))
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.COUNSELLOR, Roles.ADMIN})
    public Uni<SessionJson> end(@PathParam("id") UUID id) {
        return sessions.change(id, Transition.END, caller, null).map(SessionJson::of);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(operationId = "cancelSession", summary = "Cancel a session: SCHEDULED → CANCELLED",
            description = "By the session's counsellor, its client or an admin, before it starts. The body, with an optional `reason` (at most 500 characters), may be left out.")
    @APIResponse(responseCode = "200", description = "The session, now CANCELLED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionJson.class)))
    @APIResponse(responseCode = "404", description = "No such session, or not one of the caller's")
    @APIResponse(responseCode = "409", description = "The session is not SCHEDULED (someone changed it first): read it again to see its status",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "illegal change", value = CONFLICT_EXAMPLE)))
    @RolesAllowed({Roles.COUNSELLOR, Roles.CLIENT, Roles.ADMIN})
    public Uni<SessionJson> cancel(@PathParam("id") UUID id,
                                   @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                           schema = @Schema(implementation = CancelRequest.class),
                                           examples = @ExampleObject(name = "with a reason", value = "{\"reason\":\"Client is unwell\"}")))
                                   @Valid CancelRequest request) {
        String reason = request == null ? null : request.reason();
        return sessions.change(id, Transition.CANCEL, caller, reason).map(SessionJson::of);
    }

    @POST
    @Path("/{id}/no-show")
    @Operation(operationId = "markNoShow", summary = "Record that the client did not come: SCHEDULED → NO_SHOW",
            description = "By the session's counsellor (or an admin), once the session was due and the client did not attend.")
    @APIResponse(responseCode = "200", description = "The session, now NO_SHOW",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionJson.class)))
    @APIResponse(responseCode = "404", description = "No such session, or not one of the caller's")
    @APIResponse(responseCode = "409", description = "The session is not SCHEDULED (someone changed it first): read it again to see its status",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "illegal change", value = CONFLICT_EXAMPLE)))
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.COUNSELLOR, Roles.ADMIN})
    public Uni<SessionJson> noShow(@PathParam("id") UUID id) {
        return sessions.change(id, Transition.NO_SHOW, caller, null).map(SessionJson::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.COUNSELLOR, Roles.CLIENT, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "getSession", summary = "One session",
            description = "For the session's counsellor and client, supervisors and admins. A supervisor sees the client as "
                    + "the pseudonymous `clientRef` only (no `clientId`). The read is audited.")
    @APIResponse(responseCode = "200", description = "The session",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionJson.class),
                    examples = @ExampleObject(name = "ended", value = SESSION_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such session, or not one of the caller's")
    public Uni<SessionJson> get(@PathParam("id") UUID id) {
        return sessions.find(id, caller)
                .invoke(session -> audit.read(caller, "session", session.id))
                .onFailure(ProblemException.class).invoke(refused -> audit.refused(caller, "session", id,
                        ((ProblemException) refused).problem().status()))
                .map(session -> session.involves(caller.id()) || caller.is(Roles.ADMIN)
                        ? SessionJson.of(session) : SessionJson.pseudonymous(session));
    }

    @GET
    @RolesAllowed({Roles.COUNSELLOR, Roles.CLIENT, Roles.ADMIN})
    @Operation(operationId = "listSessions", summary = "The caller's sessions, a page at a time",
            description = "A counsellor or client gets their own sessions, an admin everyone's, ordered by scheduled start. "
                    + "Filter by `status` and by scheduled start in [`from`, `to`) (at most 366 days apart); "
                    + "`page` counts from 0, `size` is 1 to 100.")
    @APIResponse(responseCode = "200", description = "A page of sessions; `total` counts all that match",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionPageJson.class),
                    examples = @ExampleObject(name = "one page", value = "{\"items\":[" + SESSION_EXAMPLE + "],\"page\":0,\"size\":20,\"total\":1}")))
    @APIResponse(responseCode = "400", description = "A parameter is invalid (`violations` names it): status not a session "
            + "status, from/to not ISO-8601 instants, to not after from or more than 366 days after it, page or size out of range")
    public Uni<SessionPageJson> list(@Parameter(description = "Only sessions in this status",
                                             schema = @Schema(implementation = dev.rapport.session.domain.SessionStatus.class))
                                     @QueryParam("status") String statusParam,
                                     @Parameter(description = "Scheduled start at or after this instant (ISO-8601)",
                                             schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                                     @QueryParam("from") String fromParam,
                                     @Parameter(description = "Scheduled start before this instant (ISO-8601)",
                                             schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                                     @QueryParam("to") String toParam,
                                     @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                     @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        SessionStatus status = QueryParams.enumValue("status", statusParam, SessionStatus.class);
        Instant from = QueryParams.instant("from", fromParam);
        Instant to = QueryParams.instant("to", toParam);
        if (from != null && to != null) {
            if (!from.isBefore(to)) {
                throw ProblemException.invalidParameter("to", "must be after from");
            }
            if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
                throw ProblemException.invalidParameter("to", "must be at most 366 days after from");
            }
        }
        UUID party = caller.is(Roles.ADMIN) ? null : caller.id();
        return sessions.list(party, status, from, to, page, size)
                .invoke(result -> audit.read(caller, "session-list", party, result.items().size()))
                .map(result -> new SessionPageJson(result.items().stream().map(SessionJson::of).toList(),
                        result.page(), result.size(), result.total()));
    }

    private UUID counsellorFor(ScheduleRequest request) {
        if (caller.is(Roles.ADMIN)) {
            if (request.counsellorId() == null) {
                throw ProblemException.invalidParameter("counsellorId", "is required when an admin schedules a session");
            }
            return request.counsellorId();
        }
        if (request.counsellorId() != null && !request.counsellorId().equals(caller.id())) {
            throw ProblemException.forbidden("A counsellor schedules only their own sessions");
        }
        return caller.id();
    }
}
