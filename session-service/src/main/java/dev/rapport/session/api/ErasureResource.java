package dev.rapport.session.api;

import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import dev.rapport.session.service.ErasureService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Erasure of a client (GDPR Art. 17), for admins. */
@Path("/api/admin/erasures")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "erasure")
public class ErasureResource {

    private final ErasureService erasures;
    private final Caller caller;

    public ErasureResource(ErasureService erasures, Caller caller) {
        this.erasures = erasures;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase a client from every service",
            description = "202 with Location of the erasure's status; repeating the request while it is pending returns the same erasure. "
                    + "It is DONE once feedback- and analytics-service have erased; from then on it no longer says whom it was about.")
    public Uni<Response> erase(@Valid @NotNull ErasureRequest request) {
        return erasures.request(caller, request.clientId())
                .map(erasure -> Response.accepted(ErasureJson.of(erasure))
                        .location(URI.create("/api/admin/erasures/" + erasure.id)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An erasure's state: PENDING or DONE")
    public Uni<ErasureJson> get(@PathParam("id") UUID id) {
        return erasures.find(id).map(ErasureJson::of);
    }
}
