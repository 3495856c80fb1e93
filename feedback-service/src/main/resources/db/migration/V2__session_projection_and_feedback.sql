-- The sessions this service may take feedback for, projected from session-events.
CREATE TABLE session_projection (
    session_id    uuid        PRIMARY KEY,
    counsellor_id uuid        NOT NULL,
    client_id     uuid        NOT NULL,
    status        varchar(20) NOT NULL,
    ended_at      timestamptz
);

CREATE INDEX session_projection_client ON session_projection (client_id, status, ended_at);

-- A client's scored answers: one per (session, instrument). The comment is free text and never
-- leaves this service.
CREATE TABLE feedback (
    id                 uuid          PRIMARY KEY,
    session_id         uuid          NOT NULL,
    instrument_id      varchar(64)   NOT NULL,
    instrument_version varchar(32)   NOT NULL,
    construct          varchar(32)   NOT NULL,
    client_id          uuid          NOT NULL,
    counsellor_id      uuid          NOT NULL,
    answers            text          NOT NULL,
    total              numeric(8, 2),
    subscales          text          NOT NULL,
    normalized         numeric(5, 2),
    scorable           boolean       NOT NULL,
    flags              varchar(200)  NOT NULL,
    band               varchar(64),
    comment            varchar(2000),
    idempotency_key    varchar(200),
    submitted_at       timestamptz   NOT NULL,
    CONSTRAINT feedback_once_per_session_and_instrument UNIQUE (session_id, instrument_id)
);

CREATE INDEX feedback_session ON feedback (session_id);
