-- Per counsellor and UTC day, the additive sums and counts of DayTotals: a window's figures
-- are the sum of its day rows. Every contribution is added (or taken back) in the transaction
-- of the event that causes it.
CREATE TABLE counsellor_day (
    counsellor_id       uuid    NOT NULL,
    day                 date    NOT NULL,
    sessions_ended      bigint  NOT NULL DEFAULT 0,
    sessions_cancelled  bigint  NOT NULL DEFAULT 0,
    no_shows            bigint  NOT NULL DEFAULT 0,
    ended_with_feedback bigint  NOT NULL DEFAULT 0,
    alliance_sum        numeric NOT NULL DEFAULT 0,
    alliance_count      bigint  NOT NULL DEFAULT 0,
    bond_sum            numeric NOT NULL DEFAULT 0,
    goal_sum            numeric NOT NULL DEFAULT 0,
    task_sum            numeric NOT NULL DEFAULT 0,
    wai_count           bigint  NOT NULL DEFAULT 0,
    empathy_sum         numeric NOT NULL DEFAULT 0,
    empathy_count       bigint  NOT NULL DEFAULT 0,
    ruptures            bigint  NOT NULL DEFAULT 0,
    repairs             bigint  NOT NULL DEFAULT 0,
    trend_sum_t         numeric NOT NULL DEFAULT 0,
    trend_sum_tt        numeric NOT NULL DEFAULT 0,
    trend_sum_ty        numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (counsellor_id, day)
);

-- Every submitted form as analytics needs it: scores and flags, the client by pseudonymous
-- reference only (never a name, never the comment). The per-client histories (ruptures,
-- outcomes, safety alerts) are read from here; which sessions have feedback too.
CREATE TABLE feedback_fact (
    feedback_id   uuid         PRIMARY KEY,
    session_id    uuid         NOT NULL,
    counsellor_id uuid         NOT NULL,
    client_ref    varchar(64)  NOT NULL,
    instrument_id varchar(100) NOT NULL,
    construct     varchar(40)  NOT NULL,
    total         numeric,
    normalized    numeric,
    scorable      boolean      NOT NULL,
    safety_item   boolean      NOT NULL,
    submitted_at  timestamptz  NOT NULL
);

CREATE INDEX feedback_fact_session ON feedback_fact (session_id);
CREATE INDEX feedback_fact_history ON feedback_fact (counsellor_id, client_ref, instrument_id, submitted_at);

-- Sessions ended before this migration: their counts move into the day rows.
INSERT INTO counsellor_day (counsellor_id, day, sessions_ended, sessions_cancelled, no_shows)
SELECT counsellor_id, (status_at AT TIME ZONE 'UTC')::date,
       count(*) FILTER (WHERE status = 'ENDED'),
       count(*) FILTER (WHERE status = 'CANCELLED'),
       count(*) FILTER (WHERE status = 'NO_SHOW')
  FROM session_fact
 WHERE status IN ('ENDED', 'CANCELLED', 'NO_SHOW')
 GROUP BY 1, 2;

CREATE INDEX session_fact_ended ON session_fact (status, status_at);
