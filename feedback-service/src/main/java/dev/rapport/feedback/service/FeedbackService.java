package dev.rapport.feedback.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.feedback.config.FeedbackConfig;
import dev.rapport.feedback.domain.Administered;
import dev.rapport.feedback.domain.FeedbackWindow;
import dev.rapport.feedback.domain.InstrumentDefinition;
import dev.rapport.feedback.domain.InstrumentRegistry;
import dev.rapport.feedback.domain.InvalidAnswersException;
import dev.rapport.feedback.domain.ScoredForm;
import dev.rapport.feedback.domain.Scorer;
import dev.rapport.feedback.events.FeedbackEvents;
import dev.rapport.feedback.persistence.ClientKey;
import dev.rapport.feedback.persistence.FeedbackRecord;
import dev.rapport.feedback.persistence.SafetyAlertRecord;
import dev.rapport.feedback.persistence.SessionProjection;
import dev.rapport.platform.api.Problem;
import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.outbox.Outbox;
import dev.rapport.platform.privacy.Pseudonyms;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Taking a client's answers: from the right person, at the right time, once; scored exactly. */
@ApplicationScoped
public class FeedbackService {

    private final InstrumentRegistry instruments;
    private final Scorer scorer;
    private final Outbox outbox;
    private final Pseudonyms pseudonyms;
    private final SafetyAlerts safety;
    private final FeedbackConfig config;
    private final ObjectMapper json;

    public FeedbackService(InstrumentRegistry instruments, Scorer scorer, Outbox outbox, Pseudonyms pseudonyms,
                           SafetyAlerts safety, FeedbackConfig config, ObjectMapper json) {
        this.instruments = instruments;
        this.scorer = scorer;
        this.outbox = outbox;
        this.pseudonyms = pseudonyms;
        this.safety = safety;
        this.config = config;
        this.json = json;
    }

    /**
     * The stored feedback, the safety alerts its answers raised (empty for most forms), and
     * whether this request only repeated an earlier one (same Idempotency-Key).
     */
    public record Submission(FeedbackRecord feedback, List<SafetyAlertRecord> safetyAlerts, boolean repeated) {}

    @WithTransaction
    public Uni<Submission> submit(Caller caller, UUID sessionId, String instrumentId, Map<String, Object> answers,
                                  String comment, String idempotencyKey) {
        InstrumentDefinition instrument = instruments.find(instrumentId).orElseThrow(() -> ProblemException.unprocessable(
                "Unknown instrument " + instrumentId, List.of(new Problem.Violation("instrumentId", "is not a known instrument"))));
        return clientRefOf(caller).chain(clientRef -> SessionProjection.<SessionProjection>findById(sessionId)
                .chain(session -> {
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    acceptsFeedback(session, instrument, clientRef, sessionId, now);
                    return oneSubmissionAtATime(sessionId, instrument.id())
                            .chain(() -> FeedbackRecord.<FeedbackRecord>find("sessionId = ?1 and instrumentId = ?2", sessionId, instrument.id())
                                    .<FeedbackRecord>firstResult())
                            .chain(earlier -> {
                                if (earlier != null) {
                                    if (idempotencyKey != null && idempotencyKey.equals(earlier.idempotencyKey)) {
                                        return safety.raisedBy(earlier.id).map(alerts -> new Submission(earlier, alerts, true));
                                    }
                                    throw ProblemException.conflict("Feedback on " + instrument.id() + " for this session was already given");
                                }
                                ScoredForm scored = score(instrument, answers);
                                return store(caller, session, instrument, scored, answers, comment, idempotencyKey, now)
                                        .chain(stored -> safety.raise(caller, stored, scored.risks())
                                                .map(alerts -> new Submission(stored, alerts, false)));
                            });
                }));
    }

    private static final String ONE_SUBMISSION_AT_A_TIME =
            "SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + 0x0fb1 + ", hashtext(CAST(:session AS varchar) || '/' || :instrument))) locked";

    /**
     * Concurrent submissions of one form (the same request repeated by a client that retried
     * before the first answer came) wait for each other until the first commits: the later ones
     * then find it and, with the same Idempotency-Key, get its response instead of a 409 from
     * the unique constraint. Transaction-scoped, so it holds until the first one's commit.
     * Run as an update (its count is the one row): Hibernate Reactive 3.2 never finds a native
     * select's plan in its cache, so each submission would store one more and walk the others.
     */
    private static Uni<Void> oneSubmissionAtATime(UUID sessionId, String instrumentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ONE_SUBMISSION_AT_A_TIME)
                .setParameter("session", sessionId.toString())
                .setParameter("instrument", instrumentId)
                .executeUpdate()).replaceWithVoid();
    }

    /** The feedback of one session, for its client, its counsellor or an admin. */
    @WithSession
    public Uni<List<FeedbackRecord>> forSession(Caller caller, UUID sessionId) {
        return clientRefOf(caller).chain(clientRef -> SessionProjection.<SessionProjection>findById(sessionId).chain(session -> {
            boolean party = session != null && (session.clientRef.equals(clientRef) || session.counsellorId.equals(caller.id()));
            if (!party && !caller.is(Roles.ADMIN)) {
                throw ProblemException.notFound("No session " + sessionId);
            }
            return FeedbackRecord.<FeedbackRecord>list("sessionId = ?1 order by submittedAt, instrumentId", sessionId);
        }));
    }

    /** Ended sessions of the client, still open for feedback, without any feedback yet. */
    @WithSession
    public Uni<List<SessionProjection>> pending(Caller caller) {
        Instant openSince = Instant.now().minus(config.window());
        return clientRefOf(caller).chain(clientRef -> clientRef == null ? Uni.createFrom().item(List.<SessionProjection>of())
                : SessionProjection.<SessionProjection>list("""
                        from SessionProjection s
                        where s.clientRef = ?1 and s.status = 'ENDED' and s.endedAt >= ?2
                          and not exists (from FeedbackRecord f where f.sessionId = s.sessionId)
                        order by s.endedAt desc""", clientRef, openSince));
    }

    public Instant dueBy(SessionProjection session) {
        return new FeedbackWindow(config.window()).closesAt(session.endedAt);
    }

    /**
     * Outcome instruments are taken at the start of a session, alliance and empathy instruments
     * at its end (docs/domain.md "When an instrument is taken"; the definition's {@code administered}).
     */
    private void acceptsFeedback(SessionProjection session, InstrumentDefinition instrument, String clientRef, UUID sessionId,
                                 Instant now) {
        if (session == null || clientRef == null) {
            // Unknown here: the session's events, or the caller's client key, are still on their
            // way, or the session does not exist. All get the same answer, so that ids reveal nothing.
            throw notYet("The session has not " + (startForm(instrument) ? "started" : "ended") + " yet (or is not known yet)");
        }
        if (!session.clientRef.equals(clientRef)) {
            throw ProblemException.notFound("No session " + sessionId);
        }
        switch (session.status) {
            case "ENDED" -> {
                if (!new FeedbackWindow(config.window()).isOpen(session.endedAt, now)) {
                    throw ProblemException.conflict("Feedback closed " + config.window().toDays() + " days after the session ended");
                }
            }
            case "IN_PROGRESS" -> {
                if (!startForm(instrument)) {
                    throw notYet(instrument.id() + " is taken at the end of the session, which has not ended yet");
                }
            }
            case "CANCELLED", "NO_SHOW" -> throw ProblemException.conflict("The session did not take place");
            default -> throw notYet("The session has not started yet");
        }
    }

    private static boolean startForm(InstrumentDefinition instrument) {
        return instrument.administered() == Administered.START;
    }

    private ProblemException notYet(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail),
                Map.of("Retry-After", String.valueOf(config.retryAfterSeconds())));
    }

    private ScoredForm score(InstrumentDefinition instrument, Map<String, Object> answers) {
        try {
            return scorer.score(instrument, answers);
        } catch (InvalidAnswersException e) {
            throw ProblemException.unprocessable("The answers do not fit " + instrument.id(), e.violations().stream()
                    .map(v -> new Problem.Violation(v.field(), v.message())).toList());
        }
    }

    /** The reference of the client in the token, or null while client-keys has not brought it (or the caller is no client). */
    private Uni<String> clientRefOf(Caller caller) {
        return caller.is(Roles.CLIENT) ? ClientKey.refOf(pseudonyms.lookupKey(caller.id())) : Uni.createFrom().nullItem();
    }

    private Uni<FeedbackRecord> store(Caller caller, SessionProjection session, InstrumentDefinition instrument, ScoredForm scored,
                                      Map<String, Object> answers, String comment, String idempotencyKey, Instant now) {
        FeedbackRecord feedback = new FeedbackRecord();
        feedback.id = UUID.randomUUID();
        feedback.sessionId = session.sessionId;
        feedback.instrumentId = instrument.id();
        feedback.instrumentVersion = scored.instrumentVersion();
        feedback.construct = scored.construct().jsonName();
        feedback.clientId = caller.id();
        feedback.clientRef = session.clientRef;
        feedback.counsellorId = session.counsellorId;
        feedback.answers = write(answers);
        feedback.total = scored.total();
        feedback.subscales = write(scored.subscales());
        feedback.normalized = scored.normalized();
        feedback.scorable = scored.scorable();
        feedback.flags = String.join(",", scored.flags());
        feedback.band = scored.band();
        feedback.comment = comment == null || comment.isBlank() ? null : comment;
        feedback.idempotencyKey = idempotencyKey;
        feedback.submittedAt = now;
        FeedbackEvents.Submitted event = new FeedbackEvents.Submitted(feedback.id, session.sessionId, session.counsellorId,
                session.clientRef, instrument.id(), feedback.instrumentVersion, feedback.construct,
                scored.total(), scored.subscales(), scored.normalized(), scored.scorable(), scored.flags(), scored.band(),
                FeedbackEvents.concern(instrument, scored), FeedbackEvents.Thresholds.of(instrument), feedback.comment != null, session.endedAt, now);
        return feedback.<FeedbackRecord>persist()
                .chain(() -> outbox.add(FeedbackEvents.submitted(event)))
                .replaceWith(feedback);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
