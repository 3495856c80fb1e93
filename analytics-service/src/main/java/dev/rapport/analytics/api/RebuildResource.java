package dev.rapport.analytics.api;

import dev.rapport.analytics.service.Rebuild;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rebuilds the analytics state from the beginning of session-events and feedback-events (admin
 * only). Asynchronous: 202 with the run's status resource, which any instance answers.
 */
@Path("/api/admin/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin")
public class RebuildResource {

    private final Rebuild rebuild;
    private final Caller caller;

    public RebuildResource(Rebuild rebuild, Caller caller) {
        this.rebuild = rebuild;
        this.caller = caller;
    }

    /** 202 + Location of the run; 409 while another rebuild runs. */
    @POST
    public Uni<Response> start() {
        return rebuild.start(caller.id()).map(run -> Response.accepted(run).location(URI.create("/api/admin/rebuild/" + run.id())).build());
    }

    @GET
    @Path("/{id}")
    public Uni<RebuildStatus> status(@PathParam("id") UUID id) {
        return rebuild.status(id).map(run -> {
            if (run == null) {
                throw ProblemException.notFound("No rebuild " + id);
            }
            return run;
        });
    }
}
