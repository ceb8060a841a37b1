-- A rename in one release: the running version reads a column that no longer exists.
SET lock_timeout = '2s';
SET statement_timeout = '10s';

ALTER TABLE customers RENAME COLUMN name TO full_name;
