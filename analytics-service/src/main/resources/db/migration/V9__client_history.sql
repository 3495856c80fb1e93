-- Per counsellor, client and instrument, the state the per-client figures need (issue 13): the
-- intake and latest form, the rules in force, and for an alliance instrument the first three
-- forms, when the latest rupture episode opened and the open one. FeedbackRecorder replaces a
-- row from the whole history whenever a form joins it, in the consumer batch's transaction, so a
-- view reads one row per client and instrument and never the forms (HistoryState). A row exists
-- for every history with a scorable alliance or outcome form; ClientHistoryBackfill derives the
-- rows of forms stored before this table.
CREATE TABLE client_history (
    counsellor_id        uuid         NOT NULL,
    client_ref           varchar(64)  NOT NULL,
    instrument_id        varchar(100) NOT NULL,
    construct            varchar(40)  NOT NULL,   -- alliance | outcome
    forms                integer      NOT NULL,
    intake_id            uuid         NOT NULL,
    intake_at            timestamptz  NOT NULL,
    intake_total         numeric      NOT NULL,
    intake_normalized    numeric      NOT NULL,
    latest_id            uuid         NOT NULL,
    latest_at            timestamptz  NOT NULL,
    latest_total         numeric      NOT NULL,
    latest_normalized    numeric      NOT NULL,
    caseness_comparison  varchar(20),
    caseness_value       numeric,
    improvement          varchar(20),
    reliable_points      numeric,
    -- alliance: [{"id", "at", "total", "normalized"}] of the first three forms
    early                jsonb        NOT NULL DEFAULT '[]',
    last_episode_at      timestamptz,
    -- alliance: the open episode's opening form, the score before it and its causes
    open_id              uuid,
    open_at              timestamptz,
    open_total           numeric,
    open_normalized      numeric,
    open_score_before    numeric,
    open_causes          varchar(100),
    PRIMARY KEY (counsellor_id, client_ref, instrument_id)
);

-- An erasure deletes a client's rows by reference.
CREATE INDEX client_history_client ON client_history (client_ref);
