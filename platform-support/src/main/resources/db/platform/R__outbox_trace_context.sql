-- Shared by every Rapport service, repeatable (every statement idempotent): the trace an outbox
-- row was written in, published with it as the CloudEvents extension traceparent (the Kafka header
-- ce_traceparent), so that a consumer's work joins the producer's trace (docs/operations.md,
-- "Traces"). A repeatable migration, like R__consumer_and_outbox_resilience: outbox_event is
-- created by the shared V1, and a shared versioned migration would collide with the services'
-- own version numbers. NULL when the row was written outside a span (tracing off).
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS traceparent varchar(128);
