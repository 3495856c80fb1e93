-- Per counsellor, day and figure, what their clients' states add to the windows starting on or
-- before that day (ClientContributions): rupture clients, open ruptures (on 9999-12-31, in every
-- window), the outcomes from intake per instrument and for the headline, and Pearson's sums for
-- allianceOutcomeR. A window's figures are a sum of these rows, as the day rows' are, instead of a
-- pass over every client's state. The consumer adds the difference a batch makes to its clients'
-- states, in the transaction that stores them; rows that come to zero are deleted.
CREATE TABLE client_figure_day (
    counsellor_id  uuid     NOT NULL,
    day            date     NOT NULL,
    figure         text     NOT NULL,
    value          numeric  NOT NULL,
    PRIMARY KEY (counsellor_id, day, figure)
);

-- One row while the rows of client states stored before this table (or still to be derived by
-- V10's backfill) are to be derived: ClientFigureBackfill derives them at start, before the
-- consumers add to them, then deletes it.
CREATE TABLE client_figure_backfill (
    pending boolean PRIMARY KEY DEFAULT true CHECK (pending)
);

INSERT INTO client_figure_backfill
SELECT true WHERE EXISTS (SELECT 1 FROM client_history) OR EXISTS (SELECT 1 FROM client_history_backfill);
