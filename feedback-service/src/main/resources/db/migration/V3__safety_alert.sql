-- Safety alerts (domain.md "Safety pathway"): raised in the transaction that stores the risk
-- answer, moved on only by a person, escalated once by whichever instance gets there first.
CREATE TABLE safety_alert (
    id              uuid          PRIMARY KEY,
    feedback_id     uuid          NOT NULL REFERENCES feedback (id),
    session_id      uuid          NOT NULL,
    counsellor_id   uuid          NOT NULL,
    client_id       uuid          NOT NULL,
    instrument_id   varchar(64)   NOT NULL,
    item            varchar(32)   NOT NULL,
    answer          numeric(8, 2) NOT NULL,
    status          varchar(20)   NOT NULL,
    raised_at       timestamptz   NOT NULL,
    acknowledged_at timestamptz,
    acknowledged_by uuid,
    escalated_at    timestamptz,
    resolved_at     timestamptz,
    resolved_by     uuid,
    outcome         varchar(40),
    -- Free text of the person who resolved it: shown by GET /api/alerts/safety/{id} only, never
    -- on a topic or in a log line.
    note            varchar(2000),
    version         bigint        NOT NULL DEFAULT 0,
    CONSTRAINT safety_alert_once_per_feedback_and_item UNIQUE (feedback_id, item),
    CONSTRAINT safety_alert_resolution CHECK ((status = 'RESOLVED') = (outcome IS NOT NULL AND resolved_at IS NOT NULL))
);

CREATE INDEX safety_alert_client ON safety_alert (client_id, raised_at DESC);
CREATE INDEX safety_alert_raised ON safety_alert (raised_at DESC, id);
-- The escalation pass reads only what may still escalate.
CREATE INDEX safety_alert_escalation_due ON safety_alert (raised_at) WHERE status = 'OPEN' AND escalated_at IS NULL;

-- Which counsellors a client has: the alert follows the client to each of them.
CREATE INDEX session_projection_counsellor_client ON session_projection (counsellor_id, client_id);

-- Every instance's safety streams hear of each change on commit (NOTIFY is delivered on commit,
-- never for a rolled-back transaction); the payload is the alert id only.
CREATE FUNCTION safety_alert_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('safety_alert', NEW.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER safety_alert_notify AFTER INSERT OR UPDATE ON safety_alert
    FOR EACH ROW EXECUTE FUNCTION safety_alert_notify();
