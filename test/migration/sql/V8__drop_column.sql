SET lock_timeout = '2s';
SET statement_timeout = '10s';

ALTER TABLE customers DROP COLUMN IF EXISTS name;
