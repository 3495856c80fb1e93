package dev.rapport.platform.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An event waiting to be published, written in the transaction of the change it announces.
 * {@code seq}, {@code created_at} and {@code published_at} belong to the database and the relay.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    /** The CloudEvent id ({@code ce_id}): the consumers' de-duplication key. */
    @Id
    public UUID id;

    public String topic;

    /** The Kafka record key: a counsellor id, never personal data. */
    @Column(name = "record_key")
    public String recordKey;

    /** The versioned CloudEvent type ({@code ce_type}), e.g. rapport.session.ended.v1. */
    @Column(name = "event_type")
    public String eventType;

    /** The aggregate id ({@code ce_subject}). */
    public String subject;

    /** The CloudEvent data, JSON. */
    public String payload;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    /** The W3C traceparent of the span the event was added in ({@code ce_traceparent}); null when not traced. */
    public String traceparent;
}
