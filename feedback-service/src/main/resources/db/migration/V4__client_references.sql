-- Clients appear on topics as pseudonymous references only (docs/privacy.md). This service matches
-- the client in a token to a session's reference through client-keys: lookup key (HMAC of the
-- client id) -> reference, kept here as the compacted topic holds it.
CREATE TABLE client_key (
    lookup_key varchar(64) PRIMARY KEY,
    client_ref varchar(32) NOT NULL UNIQUE
);

-- Sessions are known by their client's reference. Rows projected before references existed
-- cannot be matched to one and are projected again only if their events are replayed.
DELETE FROM session_projection;
DROP INDEX session_projection_client;
DROP INDEX session_projection_counsellor_client;
ALTER TABLE session_projection DROP COLUMN client_id;
ALTER TABLE session_projection ADD COLUMN client_ref varchar(32) NOT NULL;
CREATE INDEX session_projection_client ON session_projection (client_ref, status, ended_at);
CREATE INDEX session_projection_counsellor_client ON session_projection (counsellor_id, client_ref);

-- The client's reference beside the id the client signed in with (forms from before have none).
ALTER TABLE feedback ADD COLUMN client_ref varchar(32);
ALTER TABLE safety_alert ADD COLUMN client_ref varchar(32);
CREATE INDEX safety_alert_client_ref ON safety_alert (client_ref);
