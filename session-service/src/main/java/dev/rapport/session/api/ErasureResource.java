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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

/** Erasure of a client (GDPR Art. 17), for admins. */
@Path("/api/admin/erasures")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "erasure", description = "Erasing a client from every service (GDPR Art. 17), for admins")
// A client that hangs up must not cancel a unit of work halfway: the session would be closed under
// its running statement and the connection never returned (docs/reliability.md).
@Cancellable(false)
public class ErasureResource {

    private static final String ERASURE_PENDING = """
            {"id":"5a0c9e2f-6b1d-4c3e-9f8a-7b6c5d4e3f2a","state":"PENDING","requestedAt":"2026-12-07T10:00:00Z","completedAt":null}""";

    private final ErasureService erasures;
    private final Caller caller;

    public ErasureResource(ErasureService erasures, Caller caller) {
        this.erasures = erasures;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "requestErasure", summary = "Erase a client from every service",
            description = "Admins only. Answers 202 with the erasure (state PENDING) and its status URL in `Location`; poll that "
                    + "URL until the state is DONE, which it is once feedback- and analytics-service have erased the client too. "
                    + "Repeating the request for the same client while it is pending returns the same erasure. "
                    + "A done erasure no longer says whom it was about.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErasureRequest.class),
            examples = @ExampleObject(name = "a client", value = "{\"clientId\":\"7d2e9c1b-3a4f-4b5c-8d6e-9f0a1b2c3d4e\"}")))
    @APIResponse(responseCode = "202", description = "Accepted; `Location` is the erasure's status URL",
            headers = @Header(name = "Location", description = "/api/admin/erasures/{id}",
                    schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErasureJson.class),
                    examples = @ExampleObject(name = "pending", value = ERASURE_PENDING)))
    @APIResponse(responseCode = "400", description = "clientId missing or not a UUID (`violations` names it)")
    public Uni<Response> erase(@Valid @NotNull ErasureRequest request) {
        return erasures.request(caller, request.clientId())
                .map(erasure -> Response.accepted(ErasureJson.of(erasure))
                        .location(URI.create("/api/admin/erasures/" + erasure.id)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getErasure", summary = "An erasure's state: PENDING or DONE",
            description = "Admins only. `completedAt` is set once every service has erased the client.")
    @APIResponse(responseCode = "200", description = "The erasure",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErasureJson.class),
                    examples = @ExampleObject(name = "done", value = """
                            {"id":"5a0c9e2f-6b1d-4c3e-9f8a-7b6c5d4e3f2a","state":"DONE","requestedAt":"2026-12-07T10:00:00Z",
                             "completedAt":"2026-12-07T10:00:03Z"}""")))
    @APIResponse(responseCode = "404", description = "No such erasure")
    public Uni<ErasureJson> get(@PathParam("id") UUID id) {
        return erasures.find(id).map(ErasureJson::of);
    }
}
