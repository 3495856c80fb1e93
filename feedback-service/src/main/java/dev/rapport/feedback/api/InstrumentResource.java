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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The instrument definitions (licensed item wording only where the organisation supplied it). */
@Path("/api/instruments")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "instruments")
public class InstrumentResource {

    private final InstrumentRegistry instruments;

    public InstrumentResource(InstrumentRegistry instruments) {
        this.instruments = instruments;
    }

    @GET
    public List<InstrumentDefinition> all() {
        return instruments.all();
    }

    @GET
    @Path("/{id}")
    public InstrumentDefinition one(@PathParam("id") String id) {
        return instruments.find(id).orElseThrow(() -> ProblemException.notFound("No instrument " + id));
    }
}
