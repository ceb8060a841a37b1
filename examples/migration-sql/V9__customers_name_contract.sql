-- Contract: no running version reads customers.name any more (3.1.0 is retired).
SET lock_timeout = '2s';
SET statement_timeout = '10s';

DROP TRIGGER IF EXISTS customers_sync_full_name ON customers;
DROP FUNCTION IF EXISTS customers_sync_full_name();
ALTER TABLE customers DROP COLUMN IF EXISTS name;
