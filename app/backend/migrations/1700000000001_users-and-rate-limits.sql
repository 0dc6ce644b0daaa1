-- Up Migration

-- Accounts. Usernames are unique regardless of case ("Rahim" and "rahim" are one person), but kept
-- as typed for display. integer ids: pg returns them as JS numbers (bigint would arrive as strings).
CREATE TABLE users (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL CHECK (char_length(username) BETWEEN 3 AND 32),
  password_hash text NOT NULL,
  role text NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));

-- Rate-limit counters shared by every replica (express-rate-limit Store in src/http/postgres-rate-limit-store.ts).
-- One row per limiter key and fixed window; UNLOGGED: counters are worth losing on a crash in
-- exchange for no WAL traffic on every request (they are not replicated to standbys either).
CREATE UNLOGGED TABLE rate_limit_hits (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  reset_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_hits_reset_at_idx ON rate_limit_hits (reset_at);

-- Down Migration
DROP TABLE rate_limit_hits;
DROP TABLE users;
