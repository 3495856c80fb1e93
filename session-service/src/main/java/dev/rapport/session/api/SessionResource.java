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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "sessions")
public class SessionResource {

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
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.COUNSELLOR, Roles.ADMIN})
    public Uni<SessionJson> start(@PathParam("id") UUID id) {
        return sessions.change(id, Transition.START, caller, null).map(SessionJson::of);
    }

    @POST
    @Path("/{id}/end")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.COUNSELLOR, Roles.ADMIN})
    public Uni<SessionJson> end(@PathParam("id") UUID id) {
        return sessions.change(id, Transition.END, caller, null).map(SessionJson::of);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({Roles.COUNSELLOR, Roles.CLIENT, Roles.ADMIN})
    public Uni<SessionJson> cancel(@PathParam("id") UUID id, @Valid CancelRequest request) {
        String reason = request == null ? null : request.reason();
        return sessions.change(id, Transition.CANCEL, caller, reason).map(SessionJson::of);
    }

    @POST
    @Path("/{id}/no-show")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.COUNSELLOR, Roles.ADMIN})
    public Uni<SessionJson> noShow(@PathParam("id") UUID id) {
        return sessions.change(id, Transition.NO_SHOW, caller, null).map(SessionJson::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.COUNSELLOR, Roles.CLIENT, Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<SessionJson> get(@PathParam("id") UUID id) {
        return sessions.find(id, caller)
                .invoke(session -> audit.read(caller, "session", session.id))
                .map(session -> session.involves(caller.id()) || caller.is(Roles.ADMIN)
                        ? SessionJson.of(session) : SessionJson.pseudonymous(session));
    }

    @GET
    @RolesAllowed({Roles.COUNSELLOR, Roles.CLIENT, Roles.ADMIN})
    public Uni<SessionPageJson> list(@QueryParam("status") String statusParam,
                                     @QueryParam("from") String fromParam,
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
