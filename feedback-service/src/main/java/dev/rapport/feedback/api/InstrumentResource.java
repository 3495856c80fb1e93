package dev.rapport.feedback.api;

import dev.rapport.feedback.domain.InstrumentDefinition;
import dev.rapport.feedback.domain.InstrumentRegistry;
import dev.rapport.platform.api.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The instrument definitions (licensed item wording only where the organisation supplied it). */
@Path("/api/instruments")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "instruments", description = "The feedback instruments: items, answer scales, scoring and cut-offs")
public class InstrumentResource {

    private final InstrumentRegistry instruments;

    public InstrumentResource(InstrumentRegistry instruments) {
        this.instruments = instruments;
    }

    @GET
    @Operation(operationId = "listInstruments", summary = "Every instrument a client may be asked to fill in",
            description = "For any signed-in user. Render a form from its items and scale; item wording is present only "
                    + "where the organisation supplied a licensed text.")
    @APIResponse(responseCode = "200", description = "The instruments",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = InstrumentDefinition.class)))
    public List<InstrumentDefinition> all() {
        return instruments.all();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getInstrument", summary = "One instrument", description = "For any signed-in user.")
    @APIResponse(responseCode = "200", description = "The instrument",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InstrumentDefinition.class)))
    @APIResponse(responseCode = "404", description = "No instrument with this id")
    public InstrumentDefinition one(@Parameter(description = "The instrument's id, e.g. srs, ors, phq-9, gad-7")
                                    @PathParam("id") String id) {
        return instruments.find(id).orElseThrow(() -> ProblemException.notFound("No instrument " + id));
    }
}
