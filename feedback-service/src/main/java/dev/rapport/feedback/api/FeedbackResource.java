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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "feedback", description = "Clients' feedback forms (alliance, outcome and symptom instruments), scored on submission")
// A client that hangs up must not cancel a unit of work halfway: the session would be closed under
// its running statement and the connection never returned (docs/reliability.md).
@Cancellable(false)
public class FeedbackResource {

    private static final String FEEDBACK_EXAMPLE = """
            {"id":"9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b","sessionId":"3f1c2a9e-7b4d-4e8a-9c61-2d5e8f0a1b2c",
             "instrumentId":"srs","instrumentVersion":"1","answers":{"1":9.1,"2":8.7,"3":9.4,"4":8.0},"total":35.2,
             "subscales":{},"normalized":88.00,"scorable":true,"flags":["BELOW_CUTOFF"],"band":null,
             "comment":"Felt heard today","submittedAt":"2026-12-07T09:55:12Z"}""";

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
    @Operation(operationId = "submitFeedback", summary = "Submit a feedback form for a session",
            description = "By the session's client. Outcome instruments (ORS, PHQ-9, GAD-7: `administered` START) are taken once "
                    + "the session started, alliance instruments (SRS) once it ended, within the feedback window after the end. "
                    + "One form per session and instrument. `answers` maps each item id to its answer as the instrument "
                    + "defines it (GET /api/instruments/{id}). Answers 201 with the scored form. When a risk item is answered "
                    + "above 0 the answer also carries `support` (the organisation's crisis-support text, show it at once) and "
                    + "`safetyAlertId` (the care team has been alerted). To retry safely after a network failure send the same "
                    + "`Idempotency-Key`: a repeat with the key of the first submission returns the first answer again.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubmitFeedbackRequest.class),
            examples = @ExampleObject(name = "session rating scale", value = """
                    {"instrumentId":"srs","answers":{"1":9.1,"2":8.7,"3":9.4,"4":8.0},"comment":"Felt heard today"}""")))
    @APIResponse(responseCode = "201", description = "Scored and stored; `Location` lists the session's feedback",
            headers = @Header(name = "Location", description = "/api/sessions/{sessionId}/feedback",
                    schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeedbackJson.class),
                    examples = @ExampleObject(name = "scored", value = FEEDBACK_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, a missing instrumentId or answers, an unknown field, "
            + "a comment over 2000 characters or an Idempotency-Key over 200 (`violations` names the field)")
    @APIResponse(responseCode = "404", description = "The session is another client's")
    @APIResponse(responseCode = "409", description = "Not now. With `Retry-After`: the session has not started or ended yet "
            + "as this service knows it (or is unknown): retry after the given seconds. Without it: the form was given "
            + "already for this session (with another or no Idempotency-Key), the session was cancelled or a no-show, "
            + "or the feedback window closed; do not retry.",
            headers = @Header(name = "Retry-After", description = "Seconds after which the same request may succeed",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "not ended yet", value = """
                    {"type":"https://rapport.dev/problems/conflict","title":"Conflict","status":409,
                     "detail":"The session has not ended yet (or is not known yet)"}""")))
    @APIResponse(responseCode = "422", description = "Unknown instrument, or answers that do not fit it (a missing item, "
            + "an unknown item, a value out of range or of the wrong type); `violations` names each answer (answers.9)",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "out of range", value = """
                    {"type":"https://rapport.dev/problems/invalid-request","title":"Invalid request","status":422,
                     "detail":"The answers do not fit phq-9","violations":[{"field":"answers.9","message":"must be between 0 and 3"}]}""")))
    public Uni<Response> submit(@PathParam("sessionId") UUID sessionId,
                                @Parameter(description = "Any string up to 200 characters, the same for every retry of one submission")
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
    @Operation(operationId = "listSessionFeedback", summary = "The scored feedback of one session",
            description = "For the session's client and counsellor, and admins; oldest first. The comment is shown to the "
                    + "client and the counsellor only. The read is audited.")
    @APIResponse(responseCode = "200", description = "The session's forms (an empty list before any)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = FeedbackJson.class),
                    examples = @ExampleObject(name = "one form", value = "[" + FEEDBACK_EXAMPLE + "]")))
    @APIResponse(responseCode = "404", description = "No such session, or not one of the caller's")
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
    @Operation(operationId = "listPendingFeedback", summary = "The caller's ended sessions still waiting for feedback",
            description = "For clients: the sessions they may still give feedback on, newest first, each with `dueBy`, "
                    + "the end of its feedback window.")
    @APIResponse(responseCode = "200", description = "Pending sessions (an empty list when none)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = PendingFeedbackJson.class),
                    examples = @ExampleObject(name = "one pending", value = """
                            [{"sessionId":"3f1c2a9e-7b4d-4e8a-9c61-2d5e8f0a1b2c","counsellorId":"0b6e4f7a-1c2d-4e3f-8a9b-5c6d7e8f9a0b",
                              "endedAt":"2026-12-07T09:52:40Z","dueBy":"2026-12-14T09:52:40Z"}]""")))
    public Uni<List<PendingFeedbackJson>> pending() {
        return feedback.pending(caller).map(sessions -> sessions.stream()
                .map(s -> new PendingFeedbackJson(s.sessionId, s.counsellorId, s.endedAt, feedback.dueBy(s)))
                .toList());
    }
}
