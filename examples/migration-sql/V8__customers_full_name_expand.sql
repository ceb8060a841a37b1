-- Expand: customers.name becomes full_name over two releases. 3.1.0 reads and writes name,
-- 3.2.0 reads and writes full_name; while both run, a trigger copies each write into the
-- other column.
SET lock_timeout = '2s';
SET statement_timeout = '10s';

ALTER TABLE customers ADD COLUMN IF NOT EXISTS full_name text;

CREATE OR REPLACE FUNCTION customers_sync_full_name() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.full_name := COALESCE(NEW.full_name, NEW.name);
    NEW.name := COALESCE(NEW.name, NEW.full_name);
  ELSIF NEW.name IS DISTINCT FROM OLD.name THEN
    NEW.full_name := NEW.name;
  ELSIF NEW.full_name IS DISTINCT FROM OLD.full_name THEN
    NEW.name := NEW.full_name;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS customers_sync_full_name ON customers;
CREATE TRIGGER customers_sync_full_name BEFORE INSERT OR UPDATE ON customers
  FOR EACH ROW EXECUTE FUNCTION customers_sync_full_name();

-- Rows written before the trigger existed (backfill in batches on a large table).
UPDATE customers SET full_name = name WHERE full_name IS NULL;
