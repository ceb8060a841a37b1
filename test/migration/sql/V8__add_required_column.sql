-- An expand that adds a required column in one step: the running version's INSERTs do not
-- write it, so they fail as soon as this has run.
SET lock_timeout = '2s';
SET statement_timeout = '10s';

ALTER TABLE customers ADD COLUMN IF NOT EXISTS full_name text NOT NULL;
