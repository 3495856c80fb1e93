-- When a client's key was last announced on client-keys. References drawn by V3 for clients of
-- older sessions have none yet: session-service announces them (it holds the key that makes the
-- lookup key, SQL does not). Setting it to NULL for every client re-announces all keys, e.g.
-- after a rotation of RAPPORT_PSEUDONYM_KEY.
ALTER TABLE client_reference ADD COLUMN announced_at timestamptz;
CREATE INDEX client_reference_unannounced ON client_reference (created_at) WHERE announced_at IS NULL;
