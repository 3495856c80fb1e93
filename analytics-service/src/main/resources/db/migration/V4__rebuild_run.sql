-- The admin rebuild's runs (POST /api/admin/rebuild): their state is read by whichever instance
-- is asked. The rebuilt state itself goes to the schema analytics_rebuild while it is built and
-- replaces session_fact, counsellor_day and feedback_fact in one transaction (see Rebuild).
CREATE TABLE rebuild_run (
    id                uuid         PRIMARY KEY,
    state             varchar(20)  NOT NULL,
    requested_by      uuid         NOT NULL,
    started_at        timestamptz  NOT NULL,
    finished_at       timestamptz,
    events            bigint       NOT NULL DEFAULT 0,
    unreadable        bigint       NOT NULL DEFAULT 0,
    events_per_second numeric,
    detail            varchar(500)
);
