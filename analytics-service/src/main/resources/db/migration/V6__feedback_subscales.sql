-- A form's Bordin subscales (wai-sr: bond, goal, task), kept beside its scores so that an
-- erasure can take exactly what the form added to its day row back out (service/ClientErasure).
-- Forms stored before this migration have none: an erasure of such a client leaves their
-- subscale sums in the day rows until the next rebuild, which fills these columns.
ALTER TABLE feedback_fact ADD COLUMN bond numeric, ADD COLUMN goal numeric, ADD COLUMN task numeric;
