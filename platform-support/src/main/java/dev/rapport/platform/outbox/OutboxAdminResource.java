package dev.rapport.platform.outbox;

import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The outbox rows this service's relay set aside (the broker refused them too often), for an
 * admin: what they are and why, and a way to send one again once the cause is fixed (a topic's
 * ACL, the broker's size limit). Every service has it: it lives with the relay.
 */
@Path("/api/admin/outbox/set-aside")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin")
public class OutboxAdminResource {

    private final OutboxRelay relay;

    public OutboxAdminResource(OutboxRelay relay) {
        this.relay = relay;
    }

    /** Oldest first; never the payload. */
    @GET
    public Uni<List<OutboxRelay.SetAsideEvent>> list() {
        return relay.setAside();
    }

    /** 204: the row is back in the relay's scans with fresh attempts; 404 when no such row is set aside. */
    @POST
    @Path("/{id}/resend")
    public Uni<Void> resend(@PathParam("id") UUID id) {
        return relay.resend(id).invoke(resent -> {
            if (!resent) {
                throw ProblemException.notFound("No outbox row " + id + " is set aside");
            }
        }).replaceWithVoid();
    }
}
