-- The one place that pairs a client id with the client's pseudonymous reference (docs/privacy.md).
-- The reference is random, not computed from the id: once erasure deletes this row, nothing links
-- the events that carry the reference to a person.
CREATE TABLE client_reference (
    client_id  uuid        PRIMARY KEY,
    client_ref varchar(32) NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
);

-- Sessions keep their client's reference, so that events and supervisors' views need no lookup.
-- Sessions from before references existed get one per client here.
INSERT INTO client_reference (client_id, client_ref, created_at)
SELECT DISTINCT ON (client_id) client_id, replace(gen_random_uuid()::text, '-', ''), now()
  FROM therapy_session;
ALTER TABLE therapy_session ADD COLUMN client_ref varchar(32);
UPDATE therapy_session s SET client_ref = r.client_ref FROM client_reference r WHERE r.client_id = s.client_id;
ALTER TABLE therapy_session ALTER COLUMN client_ref SET NOT NULL;

-- The client-keys topic is compacted: a tombstone (no payload) deletes a client's key there.
ALTER TABLE outbox_event ALTER COLUMN payload DROP NOT NULL;
