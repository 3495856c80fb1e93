package dev.rapport.feedback.persistence;

import dev.rapport.feedback.domain.SafetyAlertStatus;
import dev.rapport.feedback.domain.SafetyOutcome;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A safety alert: who is at possible risk, from which answer, and what people have done about it. */
@Entity
@Table(name = "safety_alert")
public class SafetyAlertRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "feedback_id")
    public UUID feedbackId;

    @Column(name = "session_id")
    public UUID sessionId;

    /** The counsellor of the session the answer came from; every counsellor of the client sees the alert. */
    @Column(name = "counsellor_id")
    public UUID counsellorId;

    @Column(name = "client_id")
    public UUID clientId;

    /** What the alert is known by outside this service, and how it follows the client to each counsellor. */
    @Column(name = "client_ref")
    public String clientRef;

    @Column(name = "instrument_id")
    public String instrumentId;

    public String item;

    public BigDecimal answer;

    @Enumerated(EnumType.STRING)
    public SafetyAlertStatus status;

    @Column(name = "raised_at")
    public Instant raisedAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by")
    public UUID acknowledgedBy;

    @Column(name = "escalated_at")
    public Instant escalatedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "resolved_by")
    public UUID resolvedBy;

    @Enumerated(EnumType.STRING)
    public SafetyOutcome outcome;

    /** Never on a topic, never in a log line. */
    public String note;

    @Version
    public long version;

    public static SafetyAlertRecord raise(FeedbackRecord feedback, String item, BigDecimal answer) {
        SafetyAlertRecord alert = new SafetyAlertRecord();
        alert.id = UUID.randomUUID();
        alert.feedbackId = feedback.id;
        alert.sessionId = feedback.sessionId;
        alert.counsellorId = feedback.counsellorId;
        alert.clientId = feedback.clientId;
        alert.clientRef = feedback.clientRef;
        alert.instrumentId = feedback.instrumentId;
        alert.item = item;
        alert.answer = answer;
        alert.status = SafetyAlertStatus.OPEN;
        alert.raisedAt = feedback.submittedAt;
        return alert;
    }

    public void acknowledge(UUID by, Instant at) {
        status = status.acknowledged();
        acknowledgedBy = by;
        acknowledgedAt = at;
    }

    public void resolve(UUID by, Instant at, SafetyOutcome how, String withNote) {
        status = status.resolved();
        resolvedBy = by;
        resolvedAt = at;
        outcome = how;
        note = withNote;
    }

    public void escalate(Instant at) {
        escalatedAt = at;
    }
}
