-- Every counsellor's latest view (all windows), so that the list, the export and the count of
-- counsellors are read in SQL, a page or a chunk at a time, whatever the organisation's size.
--
-- changes is raised by every consumer batch that touches the counsellor, in the batch's own
-- transaction; a view is stored with the value of changes it was computed after
-- (view_changes). A row whose view_changes differs from changes, or whose view is of an earlier
-- UTC day (the windows have moved), is stale: the publisher stores a fresh view after each change
-- and the list refreshes what is still stale before it answers (MetricsService.refreshStale).
CREATE TABLE counsellor_view (
    counsellor_id uuid        PRIMARY KEY,
    changes       bigint      NOT NULL DEFAULT 1,
    view_changes  bigint,
    as_of         timestamptz,
    metrics       jsonb       -- rapport.metrics.counsellor.v1's data: {counsellorId, asOf, windows: {30d, 90d, all}}
);

-- The counsellors known before this table: their views are computed on first need.
INSERT INTO counsellor_view (counsellor_id)
SELECT counsellor_id FROM counsellor_day
 UNION SELECT counsellor_id FROM session_fact
 UNION SELECT counsellor_id FROM safety_alert
ON CONFLICT DO NOTHING;
