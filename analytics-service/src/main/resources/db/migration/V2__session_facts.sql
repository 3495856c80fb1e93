-- What analytics knows of each session, from session-events. Client ids arrive in the events
-- and are replaced by pseudonymous references before anything is stored.
CREATE TABLE session_fact (
    session_id    uuid        PRIMARY KEY,
    counsellor_id uuid        NOT NULL,
    client_ref    varchar(64) NOT NULL,
    status        varchar(20) NOT NULL,
    -- when the session reached its status: the end for ENDED, the cancellation or no-show otherwise
    status_at     timestamptz NOT NULL
);

CREATE INDEX session_fact_counsellor ON session_fact (counsellor_id, status, status_at);
