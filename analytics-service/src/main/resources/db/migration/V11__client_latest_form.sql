-- Per counsellor and client, when their latest scorable form of each kind came (alliance, WAI-SR
-- alone, empathy): the view counts a window's clients from these rows (FeedbackFacts.formClients),
-- a cost per client rather than per form, however long the history. The consumer keeps them in
-- the statement that stores the forms, with GREATEST: a redelivered, replayed or late form leaves
-- the same row whatever the order.
CREATE TABLE client_latest_form (
    counsellor_id  uuid         NOT NULL,
    client_ref     varchar(64)  NOT NULL,
    alliance_at    timestamptz,
    wai_at         timestamptz,
    empathy_at     timestamptz,
    PRIMARY KEY (counsellor_id, client_ref)
);

-- Erasure forgets a client by reference.
CREATE INDEX client_latest_form_client ON client_latest_form (client_ref);

INSERT INTO client_latest_form (counsellor_id, client_ref, alliance_at, wai_at, empathy_at)
SELECT counsellor_id, client_ref,
       max(submitted_at) FILTER (WHERE construct = 'alliance'),
       max(submitted_at) FILTER (WHERE construct = 'alliance' AND bond IS NOT NULL),
       max(submitted_at) FILTER (WHERE construct = 'empathy')
  FROM feedback_fact
 WHERE scorable AND construct IN ('alliance', 'empathy')
 GROUP BY counsellor_id, client_ref;
