-- Per counsellor, the clients they have had a session with, and when the latest ended session of
-- each ended (null until one has): the view counts a window's active clients from these rows
-- (SessionFactQueries.activeClients) and finds the safety alerts of its clients by them
-- (SafetyAlertRows), a cost per client rather than per session, however long the history. The
-- consumer keeps them in the statement that stores the sessions, with GREATEST: a redelivered,
-- replayed or late event leaves the same row whatever the order.
CREATE TABLE counsellor_client (
    counsellor_id  uuid         NOT NULL,
    client_ref     varchar(64)  NOT NULL,
    last_ended_at  timestamptz,
    PRIMARY KEY (counsellor_id, client_ref)
);

-- Erasure forgets a client by reference, and an alert finds its client's counsellors by it; the
-- organisation's figures read a window's rows.
CREATE INDEX counsellor_client_client ON counsellor_client (client_ref);
CREATE INDEX counsellor_client_ended ON counsellor_client (last_ended_at);

INSERT INTO counsellor_client (counsellor_id, client_ref, last_ended_at)
SELECT counsellor_id, client_ref, max(status_at) FILTER (WHERE status = 'ENDED')
  FROM session_fact
 GROUP BY counsellor_id, client_ref;
