package dev.rapport.analytics.api;

import dev.rapport.analytics.rebuild.Rebuild;
import dev.rapport.analytics.rebuild.RebuildStatus;
import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Rebuilds the analytics state from the beginning of session-events and feedback-events (admin
 * only). Asynchronous: 202 with the run's status resource, which any instance answers.
 */
@Path("/api/admin/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin", description = "Operations for admins")
// A client that hangs up must not cancel a unit of work halfway: the session would be closed under
// its running statement and the connection never returned (docs/reliability.md).
@Cancellable(false)
public class RebuildResource {

    private final Rebuild rebuild;
    private final Caller caller;

    public RebuildResource(Rebuild rebuild, Caller caller) {
        this.rebuild = rebuild;
        this.caller = caller;
    }

    /** 202 + Location of the run; 409 while another rebuild runs. */
    @POST
    @Operation(operationId = "startRebuild", summary = "Rebuild the analytics state from the event topics",
            description = "Admins only. Reads session-events and feedback-events from their beginning into new tables and "
                    + "switches to them when done; the live views stay as they were until then. Answers 202 with the run "
                    + "(state RUNNING) and its status URL in `Location`; poll it until SWITCHED or FAILED.")
    @APIResponse(responseCode = "202", description = "Started; `Location` is the run's status URL",
            headers = @Header(name = "Location", description = "/api/admin/rebuild/{id}",
                    schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RebuildStatus.class)))
    @APIResponse(responseCode = "409", description = "A rebuild is running already (follow that one), or the event log no "
            + "longer starts at its first record (records were deleted), so a rebuild would lose data; the live views stay")
    public Uni<Response> start() {
        return rebuild.start(caller.id()).map(run -> Response.accepted(run).location(URI.create("/api/admin/rebuild/" + run.id())).build());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getRebuild", summary = "A rebuild's progress", description = "Admins only; any instance answers.")
    @APIResponse(responseCode = "200", description = "The run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RebuildStatus.class)))
    @APIResponse(responseCode = "404", description = "No such rebuild")
    public Uni<RebuildStatus> status(@PathParam("id") UUID id) {
        return rebuild.status(id).map(run -> {
            if (run == null) {
                throw ProblemException.notFound("No rebuild " + id);
            }
            return run;
        });
    }
}
