CREATE TABLE therapy_session (
    id               uuid        PRIMARY KEY,
    counsellor_id    uuid        NOT NULL,
    client_id        uuid        NOT NULL,
    scheduled_start  timestamptz NOT NULL,
    modality         varchar(10) NOT NULL,
    status           varchar(20) NOT NULL,
    started_at       timestamptz,
    ended_at         timestamptz,
    duration_seconds bigint,
    cancel_reason    varchar(500),
    created_at       timestamptz NOT NULL,
    version          bigint      NOT NULL
);

CREATE INDEX therapy_session_counsellor ON therapy_session (counsellor_id, scheduled_start);
CREATE INDEX therapy_session_client ON therapy_session (client_id, scheduled_start);
