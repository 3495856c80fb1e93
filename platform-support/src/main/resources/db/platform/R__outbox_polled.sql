-- Shared by every Rapport service, repeatable (every statement idempotent). The outbox relay
-- polls for rows (OutboxRelay) instead of being woken by NOTIFY: a transaction that NOTIFYs holds
-- one lock of the whole PostgreSQL cluster through its commit, WAL flush included, so every
-- outbox write of every service committed one after the other (docs/benchmarks.md, 2026-12-05, noon).
DROP TRIGGER IF EXISTS outbox_event_notify ON outbox_event;
DROP FUNCTION IF EXISTS outbox_event_notify();
