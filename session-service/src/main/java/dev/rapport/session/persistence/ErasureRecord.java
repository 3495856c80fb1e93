package dev.rapport.session.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One erasure of a client: who asked, when, which services have erased; whom only while pending. */
@Entity
@Table(name = "erasure")
public class ErasureRecord extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String DONE = "DONE";

    @Id
    public UUID id;

    public String state;

    @Column(name = "lookup_key")
    public String lookupKey;

    @Column(name = "client_ref")
    public String clientRef;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "requested_by")
    public UUID requestedBy;

    @Column(name = "feedback_erased_at")
    public Instant feedbackErasedAt;

    @Column(name = "analytics_erased_at")
    public Instant analyticsErasedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    public static ErasureRecord requested(UUID by, Instant at) {
        ErasureRecord erasure = new ErasureRecord();
        erasure.id = UUID.randomUUID();
        erasure.state = PENDING;
        erasure.requestedBy = by;
        erasure.requestedAt = at;
        return erasure;
    }

    /** A service confirmed; when both have, the erasure is done and forgets whom it was about. */
    public void erasedBy(String service, Instant at) {
        switch (service) {
            case "feedback-service" -> feedbackErasedAt = feedbackErasedAt == null ? at : feedbackErasedAt;
            case "analytics-service" -> analyticsErasedAt = analyticsErasedAt == null ? at : analyticsErasedAt;
            default -> { }
        }
        if (PENDING.equals(state) && feedbackErasedAt != null && analyticsErasedAt != null) {
            done(at);
        }
    }

    public void done(Instant at) {
        state = DONE;
        completedAt = at;
        lookupKey = null;
        clientRef = null;
    }
}
