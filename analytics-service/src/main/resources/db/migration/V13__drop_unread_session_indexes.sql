-- Since V12 no query reads the sessions by counsellor or by status and time: a view, the list and
-- the organisation's summary count active clients from counsellor_client, and the counsellors
-- analytics knows come from it too. Every session upsert still maintained these two indexes.
-- Left on session_fact: its key (a batch's sessions, the ended ones among them) and
-- session_fact_client (erasure reads and deletes a client's sessions).
DROP INDEX IF EXISTS session_fact_counsellor;
DROP INDEX IF EXISTS session_fact_ended;
