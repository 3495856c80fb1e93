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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The outbox rows this service's relay set aside (the broker refused them too often), for an
 * admin: what they are and why, and a way to send one again once the cause is fixed (a topic's
 * ACL, the broker's size limit). Every service has it: it lives with the relay.
 */
@Path("/api/admin/outbox/set-aside")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin")
// A client that hangs up must not cancel a unit of work halfway: the session would be closed under
// its running statement and the connection never returned (docs/reliability.md).
@Cancellable(false)
public class OutboxAdminResource {

    private final OutboxRelay relay;

    public OutboxAdminResource(OutboxRelay relay) {
        this.relay = relay;
    }

    /** Oldest first; never the payload. */
    @GET
    @Operation(operationId = "listSetAsideOutboxEvents", summary = "Events this service could not publish",
            description = "Admins only. The outbox rows the relay set aside after the broker refused them repeatedly (too "
                    + "large, not authorised), oldest first, with the reason and the number of attempts; never the payload. "
                    + "Fix the cause (a topic's ACL, the broker's size limit), then resend each one.")
    @APIResponse(responseCode = "200", description = "The set-aside rows (empty when the relay publishes everything)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = OutboxRelay.SetAsideEvent.class)))
    public Uni<List<OutboxRelay.SetAsideEvent>> list() {
        return relay.setAside();
    }

    /** 204: the row is back in the relay's scans with fresh attempts; 404 when no such row is set aside. */
    @POST
    @Path("/{id}/resend")
    @Operation(operationId = "resendSetAsideOutboxEvent", summary = "Send a set-aside event again",
            description = "Admins only. Puts the row back in the relay's scans with fresh attempts; it is published in its "
                    + "turn (after the rows written since, so its key's order may differ from the order of the changes).")
    @APIResponse(responseCode = "204", description = "Back in the relay's scans")
    @APIResponse(responseCode = "404", description = "No row with this id is set aside")
    public Uni<Void> resend(@PathParam("id") UUID id) {
        return relay.resend(id).invoke(resent -> {
            if (!resent) {
                throw ProblemException.notFound("No outbox row " + id + " is set aside");
            }
        }).replaceWithVoid();
    }
}
