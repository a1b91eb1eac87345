import type pg from 'pg';
import { ensureSchema } from '../../../shared/postgres/ensure-schema.js';

/**
 * Schema `identity`: the secrets of the identity context, which never go into events
 * (password hashes, TOTP seeds, token hashes, signing keys, per-person keys), and the
 * counters behind login rate limits. Idempotent; concurrent callers queue on a lock.
 */
export async function ensureIdentitySchema(pool: pg.Pool): Promise<void> {
  // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog; serialise the DDL.
  await ensureSchema(pool, 'identity', IDENTITY_SCHEMA_SQL);
}

const IDENTITY_SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS identity;

-- Login identifiers and secrets per account. Erasure deletes the row.
CREATE TABLE IF NOT EXISTS identity.accounts (
  user_id                text PRIMARY KEY,
  email                  text NOT NULL,
  username               text NOT NULL,
  password_hash          text NOT NULL,
  -- Unused: verification is recorded in the user stream. Kept so new and existing databases match.
  email_verified         boolean NOT NULL DEFAULT false,
  totp_secret            text,
  totp_pending_secret    text,
  totp_last_step         bigint,
  recovery_code_hashes   text[] NOT NULL DEFAULT '{}',
  created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS accounts_email_key ON identity.accounts (lower(email));
CREATE UNIQUE INDEX IF NOT EXISTS accounts_username_key ON identity.accounts (lower(username));

-- One session per login: the family of refresh tokens that rotate from it.
CREATE TABLE IF NOT EXISTS identity.sessions (
  session_id     text PRIMARY KEY,
  user_id        text NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  revoked_reason text,
  ip             text,
  user_agent     text
);
CREATE INDEX IF NOT EXISTS sessions_user_idx ON identity.sessions (user_id);

CREATE TABLE IF NOT EXISTS identity.refresh_tokens (
  token_hash   text PRIMARY KEY,
  session_id   text NOT NULL REFERENCES identity.sessions (session_id) ON DELETE CASCADE,
  issued_at    timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  rotated_at   timestamptz
);
CREATE INDEX IF NOT EXISTS refresh_tokens_session_idx ON identity.refresh_tokens (session_id);

-- Emailed single-use tokens (email verification, password reset), by hash.
CREATE TABLE IF NOT EXISTS identity.one_time_tokens (
  token_hash  text PRIMARY KEY,
  purpose     text NOT NULL,
  user_id     text NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX IF NOT EXISTS one_time_tokens_user_idx ON identity.one_time_tokens (user_id);

-- Attempt counters behind rate limits and lockouts, shared by every API process.
CREATE TABLE IF NOT EXISTS identity.attempts (
  action        text NOT NULL,
  key           text NOT NULL,
  window_start  timestamptz NOT NULL,
  count         integer NOT NULL,
  locked_until  timestamptz,
  PRIMARY KEY (action, key)
);

-- JWT signing keys (ES256). Retired keys keep verifying until their last token expires.
CREATE TABLE IF NOT EXISTS identity.signing_keys (
  kid          text PRIMARY KEY,
  alg          text NOT NULL,
  private_jwk  jsonb NOT NULL,
  public_jwk   jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  retired_at   timestamptz
);

-- Per-person data keys (AES-256-GCM). Erasure deletes the key and remembers that it did.
CREATE TABLE IF NOT EXISTS identity.person_keys (
  person_id   text PRIMARY KEY,
  key         bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS identity.erased_persons (
  person_id   text PRIMARY KEY,
  erased_at   timestamptz NOT NULL DEFAULT now()
);
`;
