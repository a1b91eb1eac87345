-- People and custom roles. Personal data (email, names) is opened from the sealed copy in
-- the events with the person's key; erasing the person deletes their row, and a rebuild
-- after the erasure cannot bring it back (the key is gone).

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE TABLE users (
  user_id             text PRIMARY KEY,
  email               text NOT NULL,
  username            text NOT NULL,
  display_name        text NOT NULL,
  photo_url           text,
  bio                 text,
  account_type        text NOT NULL,
  locale              text NOT NULL,
  time_zone           text NOT NULL,
  email_verified      boolean NOT NULL,
  two_factor_enabled  boolean NOT NULL,
  -- [{"role": "hotelier", "siteIds": ["…"]}, {"role": "booker", "siteIds": null}]
  roles               jsonb NOT NULL,
  registered_at       timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  revision            integer NOT NULL
);
CREATE INDEX users_registered_at_idx ON users (registered_at);
CREATE INDEX users_roles_idx ON users USING gin (roles jsonb_path_ops);
CREATE INDEX users_search_idx ON users USING gin ((lower(display_name || ' ' || username || ' ' || email)) public.gin_trgm_ops);

-- Custom roles only; the built-in ones are fixed in code.
CREATE TABLE custom_roles (
  name         text PRIMARY KEY,
  description  text NOT NULL,
  permissions  text[] NOT NULL,
  defined_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  revision     integer NOT NULL
);
