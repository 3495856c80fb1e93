-- Safety alerts as feedback-service announces them on the topic alerts (it owns them: raising,
-- acknowledgement, escalation, resolution). One row per alert, the merge of every state heard of
-- (domain/SafetyAlert): the status never moves back, an instant once set stays. The client by
-- pseudonymous reference only; no note, outcome or person id ever reaches analytics.
CREATE TABLE safety_alert (
    alert_id        uuid         PRIMARY KEY,
    feedback_id     uuid         NOT NULL,
    -- the counsellor of the session whose form raised it; the alert is also every other
    -- counsellor's with a session for the client (session_fact.client_ref)
    counsellor_id   uuid         NOT NULL,
    client_ref      varchar(64)  NOT NULL,
    instrument_id   varchar(100) NOT NULL,
    status          varchar(20)  NOT NULL,
    raised_at       timestamptz  NOT NULL,
    acknowledged_at timestamptz,
    escalated_at    timestamptz,
    resolved_at     timestamptz
);

CREATE INDEX safety_alert_counsellor ON safety_alert (counsellor_id);
CREATE INDEX safety_alert_client ON safety_alert (client_ref);

-- Which counsellors have sessions for a client: the counsellors an alert follows the client to.
CREATE INDEX session_fact_client ON session_fact (client_ref, counsellor_id);

-- Analytics no longer derives safety alerts from forms and stops writing feedback_fact.safety_item.
-- The column is dropped by a later migration, once no running version writes it: during a rolling
-- deployment the previous version's instances still insert it, next to this version's.
ALTER TABLE feedback_fact ALTER COLUMN safety_item SET DEFAULT false;
