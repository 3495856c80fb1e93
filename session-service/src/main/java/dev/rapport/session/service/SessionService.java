package dev.rapport.session.service;

import dev.rapport.platform.api.ProblemException;
import dev.rapport.platform.outbox.Outbox;
import dev.rapport.platform.security.Caller;
import dev.rapport.platform.security.Roles;
import dev.rapport.session.domain.IllegalTransitionException;
import dev.rapport.session.domain.Modality;
import dev.rapport.session.domain.SessionEvents;
import dev.rapport.session.domain.SessionStatus;
import dev.rapport.session.domain.Transition;
import dev.rapport.session.events.SessionChanged;
import dev.rapport.session.events.SessionEventData;
import dev.rapport.session.persistence.SessionRecord;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** The session use cases; each change and its event commit together (transactional outbox). */
@ApplicationScoped
public class SessionService {

    private final Outbox outbox;
    private final ClientReferences references;

    public SessionService(Outbox outbox, ClientReferences references) {
        this.outbox = outbox;
        this.references = references;
    }

    @WithTransaction
    public Uni<SessionRecord> schedule(UUID counsellorId, UUID clientId, Instant scheduledStart, Modality modality) {
        Instant now = now();
        return references.of(clientId, now).chain(clientRef -> {
            SessionRecord session = SessionRecord.schedule(counsellorId, clientId, clientRef, scheduledStart, modality, now);
            return session.persist()
                    .chain(() -> announce(session, SessionEvents.SCHEDULED, now))
                    .replaceWith(session);
        });
    }

    @WithTransaction
    public Uni<SessionRecord> change(UUID sessionId, Transition transition, Caller caller, String reason) {
        return visibleTo(sessionId, caller).chain(session -> {
            boolean allowed = caller.is(Roles.ADMIN)
                    || session.counsellorId.equals(caller.id())
                    || (transition.clientMay() && session.clientId.equals(caller.id()));
            if (!allowed) {
                throw ProblemException.forbidden("Only the session's counsellor may mark it " + transition.verb());
            }
            Instant now = now();
            try {
                session.apply(transition, now, reason);
            } catch (IllegalTransitionException e) {
                throw ProblemException.conflict(e.getMessage());
            }
            return announce(session, transition.eventType(), now).replaceWith(session);
        });
    }

    @WithSession
    public Uni<SessionRecord> find(UUID sessionId, Caller caller) {
        return visibleTo(sessionId, caller);
    }

    /** A page of sessions; {@code party} limits it to one counsellor's or client's (null: all, for admins). */
    @WithSession
    public Uni<SessionPage> list(UUID party, SessionStatus status, Instant from, Instant to, int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (party != null) {
            where.append(" and (counsellorId = :party or clientId = :party)");
            params.and("party", party);
        }
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        if (from != null) {
            where.append(" and scheduledStart >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.append(" and scheduledStart < :to");
            params.and("to", to);
        }
        PanacheQuery<SessionRecord> query = SessionRecord.find(where.toString(), Sort.by("scheduledStart").and("id"), params);
        return query.page(Page.of(page, size)).list()
                .chain(items -> query.count().map(total -> new SessionPage(items, page, size, total)));
    }

    public record SessionPage(List<SessionRecord> items, int page, int size, long total) {}

    /** The session, if the caller may see it; otherwise not found, so that ids reveal nothing. */
    private Uni<SessionRecord> visibleTo(UUID sessionId, Caller caller) {
        return SessionRecord.<SessionRecord>findById(sessionId).map(session -> {
            boolean visible = session != null
                    && (caller.isAny(Roles.ADMIN, Roles.SUPERVISOR) || session.involves(caller.id()));
            if (!visible) {
                throw ProblemException.notFound("No session " + sessionId);
            }
            return session;
        });
    }

    private Uni<UUID> announce(SessionRecord session, String type, Instant now) {
        return outbox.add(SessionChanged.of(type, SessionEventData.of(session, now)));
    }

    /** PostgreSQL keeps microseconds: a response shows what a later read returns. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
