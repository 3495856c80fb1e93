package dev.rapport.feedback.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A client's scored answers to one instrument after one session. */
@Entity
@Table(name = "feedback")
public class FeedbackRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "instrument_id")
    public String instrumentId;

    @Column(name = "instrument_version")
    public String instrumentVersion;

    public String construct;

    /** The client as they signed in (the token's sub). */
    @Column(name = "client_id")
    public UUID clientId;

    /** The client's pseudonymous reference: what leaves this service. */
    @Column(name = "client_ref")
    public String clientRef;

    @Column(name = "counsellor_id")
    public UUID counsellorId;

    /** The answers as submitted, JSON. */
    public String answers;

    public BigDecimal total;

    /** Subscale sums and normalised scores, JSON. */
    public String subscales;

    public BigDecimal normalized;

    public boolean scorable;

    /** Comma-separated, e.g. BELOW_CUTOFF,ITEM_BELOW_9. */
    public String flags;

    public String band;

    /** Free text: shown to the client and the counsellor only; never in an event or a log line. */
    public String comment;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "submitted_at")
    public Instant submittedAt;
}
