package dev.rapport.session.persistence;

import dev.rapport.session.domain.Modality;
import dev.rapport.session.domain.SessionStatus;
import dev.rapport.session.domain.Transition;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A session as stored; its changes go through {@link #apply} so that the state machine decides. */
@Entity
@Table(name = "therapy_session")
public class SessionRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "counsellor_id")
    public UUID counsellorId;

    @Column(name = "client_id")
    public UUID clientId;

    /** The client's pseudonymous reference: what events and supervisors see instead of the id. */
    @Column(name = "client_ref")
    public String clientRef;

    @Column(name = "scheduled_start")
    public Instant scheduledStart;

    @Enumerated(EnumType.STRING)
    public Modality modality;

    @Enumerated(EnumType.STRING)
    public SessionStatus status;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "duration_seconds")
    public Long durationSeconds;

    /** Free text from a person: stays in this service, never in an event or a log line. */
    @Column(name = "cancel_reason")
    public String cancelReason;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Optimistic lock: of two concurrent changes, the second is refused, so one event per change. */
    @Version
    public long version;

    public static SessionRecord schedule(UUID counsellorId, UUID clientId, String clientRef, Instant scheduledStart,
                                         Modality modality, Instant now) {
        SessionRecord session = new SessionRecord();
        session.id = UUID.randomUUID();
        session.counsellorId = counsellorId;
        session.clientId = clientId;
        session.clientRef = clientRef;
        session.scheduledStart = scheduledStart;
        session.modality = modality;
        session.status = SessionStatus.SCHEDULED;
        session.createdAt = now;
        return session;
    }

    public void apply(Transition transition, Instant now, String reason) {
        status = transition.from(status);
        switch (transition) {
            case START -> startedAt = now;
            case END -> {
                endedAt = now;
                durationSeconds = Duration.between(startedAt, endedAt).toSeconds();
            }
            case CANCEL -> cancelReason = reason;
            case NO_SHOW -> { }
        }
    }

    public boolean involves(UUID person) {
        return counsellorId.equals(person) || clientId.equals(person);
    }
}
