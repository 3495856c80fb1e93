-- Shared by every Rapport service, repeatable (re-run whenever it changes, so every statement is
-- idempotent): what lets a consumer set a record aside exactly once and the outbox relay set a row
-- aside (docs/reliability.md).

-- A record a consumer sent to its dead-letter topic, written in the transaction that waited for
-- the broker's acknowledgement: a redelivered record finds its row and is not dead-lettered twice.
-- No data of the record, only where it was and why (the reason names a failure, never a value).
CREATE TABLE IF NOT EXISTS dead_letter (
    consumer         varchar(100) NOT NULL,
    topic            varchar(249) NOT NULL,
    kafka_partition  integer      NOT NULL,
    kafka_offset     bigint       NOT NULL,
    reason           varchar(500) NOT NULL,
    dead_lettered_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, topic, kafka_partition, kafka_offset)
);

-- An outbox row the broker refused (too large, not authorised ...) is counted, then set aside
-- after a bounded number of attempts: kept, excluded from the relay's scans, listed to an admin
-- and re-sendable, so the rows behind it keep flowing.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0;
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS last_error varchar(500);
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS set_aside_at timestamptz;
CREATE INDEX IF NOT EXISTS outbox_event_set_aside ON outbox_event (set_aside_at) WHERE set_aside_at IS NOT NULL;
