package dev.rapport.analytics.api;

import dev.rapport.analytics.domain.Window;
import dev.rapport.analytics.service.MetricsService;
import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics")
public class MetricsResource {

    private final MetricsService metrics;
    private final Caller caller;

    public MetricsResource(MetricsService metrics, Caller caller) {
        this.metrics = metrics;
        this.caller = caller;
    }

    @GET
    @Path("/counsellors/{counsellorId}")
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN})
    public Uni<CounsellorView> counsellor(@PathParam("counsellorId") UUID counsellorId,
                                          @QueryParam("window") @DefaultValue("30d") String window) {
        if (!caller.isAny(Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN) && !caller.id().equals(counsellorId)) {
            throw ProblemException.forbidden("A counsellor sees only their own view");
        }
        Window parsed = Window.parse(window)
                .orElseThrow(() -> ProblemException.invalidParameter("window", "must be one of 30d, 90d, all"));
        return metrics.view(counsellorId, parsed);
    }
}
