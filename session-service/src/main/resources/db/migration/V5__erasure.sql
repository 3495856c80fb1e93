-- Erasures (GDPR Art. 17, docs/privacy.md): who asked and when, never whom once done. While an
-- erasure is pending it keeps the client's lookup key (so that a repeated request finds it) and
-- reference (so that the request can be sent again); both are cleared when every service has
-- confirmed.
CREATE TABLE erasure (
    id                  uuid        PRIMARY KEY,
    state               varchar(10) NOT NULL,
    lookup_key          varchar(64) UNIQUE,
    client_ref          varchar(32),
    requested_at        timestamptz NOT NULL,
    requested_by        uuid        NOT NULL,
    feedback_erased_at  timestamptz,
    analytics_erased_at timestamptz,
    completed_at        timestamptz,
    CONSTRAINT erasure_forgets_whom CHECK (state <> 'DONE' OR (lookup_key IS NULL AND client_ref IS NULL))
);
