-- What a form says of its instrument's own thresholds (rapport.feedback.submitted.v2): whether it
-- meets the concern rule (the rupture episodes), and the caseness and reliable change it was
-- scored under (the outcomes from intake). Analytics keeps no other copy of them.
ALTER TABLE feedback_fact
    ADD COLUMN concern             boolean NOT NULL DEFAULT false,
    ADD COLUMN caseness_comparison varchar(20),
    ADD COLUMN caseness_value      numeric,
    ADD COLUMN improvement         varchar(20),  -- INCREASE or DECREASE: which way is better
    ADD COLUMN reliable_points     numeric;

-- Forms stored before this migration came as v1 and are given what the compatibility path
-- (messaging/V1Thresholds) gives a v1 event. Their flags were not stored, so an srs form is of
-- concern here by its total only (< 36, i.e. normalised < 90); a rebuild, which reads the flags
-- from the topic, adds the "any item < 9" forms and recounts the episodes in the day rows.
UPDATE feedback_fact SET concern = true WHERE instrument_id = 'srs' AND scorable AND normalized < 90;
UPDATE feedback_fact SET caseness_comparison = 'atLeast', caseness_value = 10, improvement = 'DECREASE', reliable_points = 6
 WHERE instrument_id = 'phq-9';
UPDATE feedback_fact SET caseness_comparison = 'atLeast', caseness_value = 8, improvement = 'DECREASE', reliable_points = 4
 WHERE instrument_id = 'gad-7';
UPDATE feedback_fact SET caseness_comparison = 'lessThan', caseness_value = 25, improvement = 'INCREASE', reliable_points = 5
 WHERE instrument_id = 'ors';
