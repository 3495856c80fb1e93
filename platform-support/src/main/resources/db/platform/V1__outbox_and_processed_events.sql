-- The transactional outbox (written in the same transaction as the state change it announces)
-- and the processed-event log of idempotent consumers. Shared by every Rapport service.

CREATE TABLE outbox_event (
    id           uuid         PRIMARY KEY,
    seq          bigserial    NOT NULL UNIQUE,
    topic        varchar(200) NOT NULL,
    record_key   varchar(200) NOT NULL,
    event_type   varchar(200) NOT NULL,
    subject      varchar(200) NOT NULL,
    payload      text         NOT NULL,
    occurred_at  timestamptz  NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT clock_timestamp(),
    published_at timestamptz
);

-- The relay scans only what is still to publish, in commit-ish order.
CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL;
-- The purge scans only what was published.
CREATE INDEX outbox_event_published ON outbox_event (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay when a transaction that wrote outbox rows commits (NOTIFY is delivered on
-- commit, never for a rolled-back transaction), so that it need not poll fast.
CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_event', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();

CREATE TABLE processed_event (
    consumer     varchar(100) NOT NULL,
    event_id     uuid         NOT NULL,
    processed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
