package dev.rapport.analytics.api;

import dev.rapport.analytics.domain.Window;
import dev.rapport.analytics.service.MetricsService;
import dev.rapport.analytics.service.MetricsStream;
import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.audit.AuditLog;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

@Path("/api/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics")
public class MetricsResource {

    static final String TEXT_CSV = "text/csv";

    private final MetricsService metrics;
    private final MetricsStream stream;
    private final Caller caller;
    private final AuditLog audit;

    public MetricsResource(MetricsService metrics, MetricsStream stream, Caller caller, AuditLog audit) {
        this.metrics = metrics;
        this.stream = stream;
        this.caller = caller;
        this.audit = audit;
    }

    @GET
    @Path("/counsellors/{counsellorId}")
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN})
    public Uni<CounsellorView> counsellor(@PathParam("counsellorId") UUID counsellorId, @QueryParam("window") String window) {
        requireOwnOr(counsellorId, "A counsellor sees only their own view", Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN);
        return metrics.view(counsellorId, window(window));
    }

    /**
     * The counsellor's view in every window ({@link CounsellorMetrics}) at once, then after every
     * change: one server-sent event per view, the JSON of alliance-metrics.
     */
    @GET
    @Path("/counsellors/{counsellorId}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN})
    public Multi<CounsellorMetrics> stream(@PathParam("counsellorId") UUID counsellorId) {
        requireOwnOr(counsellorId, "A counsellor sees only their own view", Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN);
        return stream.of(counsellorId);
    }

    @GET
    @Path("/counsellors/{counsellorId}/alerts")
    @RolesAllowed({Roles.COUNSELLOR, Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<List<AlertView>> alerts(@PathParam("counsellorId") UUID counsellorId) {
        requireOwnOr(counsellorId, "A counsellor sees only their own alerts", Roles.SUPERVISOR, Roles.ADMIN);
        // Alerts name (pseudonymous) clients and their scores: a read of client data.
        return metrics.alerts(counsellorId).invoke(alerts -> audit.read(caller, "counsellor-alerts", counsellorId, alerts.size()));
    }

    @GET
    @Path("/counsellors")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN})
    public Uni<CounsellorPage> counsellors(@QueryParam("window") String window, @QueryParam("sort") String sort,
                                           @QueryParam("page") String page, @QueryParam("size") String size) {
        Window parsed = window(window);
        String order = sort == null || sort.isBlank() ? "counsellorId" : sort;
        CounsellorViews.order(order);
        int pageNumber = CounsellorViews.page(page);
        int pageSize = CounsellorViews.size(size);
        return metrics.views(parsed).map(views -> CounsellorViews.page(parsed.label(), order, pageNumber, pageSize, views));
    }

    @GET
    @Path("/summary")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ANALYST, Roles.ADMIN})
    public Uni<OrganisationView> summary(@QueryParam("window") String window) {
        return metrics.summary(window(window));
    }

    @GET
    @Path("/export")
    @Produces({TEXT_CSV, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    public Uni<Response> export(@QueryParam("window") String window, @QueryParam("format") String format) {
        Window parsed = window(window);
        if (format != null && !format.isBlank() && !format.equals("csv")) {
            throw ProblemException.invalidParameter("format", "must be csv");
        }
        return metrics.views(parsed).map(views -> Response.ok(CounsellorViews.csv(views), TEXT_CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"counsellor-metrics-" + parsed.label() + ".csv\"")
                .build());
    }

    private void requireOwnOr(UUID counsellorId, String refusal, String... seeingEveryone) {
        if (!caller.isAny(seeingEveryone) && !caller.id().equals(counsellorId)) {
            throw ProblemException.forbidden(refusal);
        }
    }

    private static Window window(String value) {
        if (value == null || value.isBlank()) {
            return Window.D30;
        }
        return Window.parse(value).orElseThrow(() -> ProblemException.invalidParameter("window", "must be one of 30d, 90d, all"));
    }
}
