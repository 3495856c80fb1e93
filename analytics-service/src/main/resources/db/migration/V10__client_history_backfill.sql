-- One row while forms stored before client_history (V9) may still lack their history state:
-- ClientHistoryBackfill derives them at start, then deletes the row. Without it a start does not
-- search every form for histories without a state (an anti-join over feedback_fact: 1.4 s on the
-- benchmark's million events, at every start). A database without alliance or outcome forms when
-- V9 came has nothing to derive.
CREATE TABLE client_history_backfill (
    pending boolean PRIMARY KEY DEFAULT true CHECK (pending)
);

INSERT INTO client_history_backfill
SELECT true WHERE EXISTS (SELECT 1 FROM feedback_fact WHERE scorable AND construct IN ('alliance', 'outcome'));
