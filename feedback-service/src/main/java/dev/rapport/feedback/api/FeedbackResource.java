package dev.rapport.feedback.api;

import dev.rapport.feedback.config.FeedbackConfig;
import dev.rapport.feedback.service.FeedbackService;
import dev.rapport.platform.audit.AuditLog;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "feedback")
public class FeedbackResource {

    private final FeedbackService feedback;
    private final FeedbackMapper mapper;
    private final Caller caller;
    private final AuditLog audit;
    private final SupportJson support;

    public FeedbackResource(FeedbackService feedback, FeedbackMapper mapper, Caller caller, AuditLog audit, FeedbackConfig config) {
        this.feedback = feedback;
        this.mapper = mapper;
        this.caller = caller;
        this.audit = audit;
        this.support = SupportJson.of(config.crisisSupport());
    }

    @POST
    @Path("/sessions/{sessionId}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CLIENT)
    public Uni<Response> submit(@PathParam("sessionId") UUID sessionId,
                                @HeaderParam("Idempotency-Key") @Size(max = 200) String idempotencyKey,
                                @Valid @NotNull SubmitFeedbackRequest request) {
        return feedback.submit(caller, sessionId, request.instrumentId(), request.answers(), request.comment(), idempotencyKey)
                .map(submission -> Response.created(URI.create("/api/sessions/" + sessionId + "/feedback"))
                        .entity(submitted(submission))
                        .build());
    }

    /** A risk answer's 201 carries the crisis-support text and the alert raised, so the client is never left with only "thank you". */
    private FeedbackJson submitted(FeedbackService.Submission submission) {
        FeedbackJson json = mapper.toJson(submission.feedback(), true);
        return submission.safetyAlerts().isEmpty() ? json : json.withSafety(support, submission.safetyAlerts().get(0).id);
    }

    @GET
    @Path("/sessions/{sessionId}/feedback")
    @RolesAllowed({Roles.CLIENT, Roles.COUNSELLOR, Roles.ADMIN})
    public Uni<List<FeedbackJson>> forSession(@PathParam("sessionId") UUID sessionId) {
        return feedback.forSession(caller, sessionId)
                .invoke(list -> audit.read(caller, "session-feedback", sessionId, list.size()))
                .map(list -> list.stream()
                        // The comment is for the session's client and counsellor, not for an admin.
                        .map(f -> mapper.toJson(f, f.clientId.equals(caller.id()) || f.counsellorId.equals(caller.id())))
                        .toList());
    }

    @GET
    @Path("/feedback/pending")
    @RolesAllowed(Roles.CLIENT)
    public Uni<List<PendingFeedbackJson>> pending() {
        return feedback.pending(caller).map(sessions -> sessions.stream()
                .map(s -> new PendingFeedbackJson(s.sessionId, s.counsellorId, s.endedAt, feedback.dueBy(s)))
                .toList());
    }
}
