import type pg from 'pg';
import { ensureSchema } from '../../shared/postgres/ensure-schema.js';

/** Channel of `pg_notify` that wakes Google sync workers when a job is queued (payload: the user id). */
export const GOOGLE_SYNC_SIGNAL_CHANNEL = 'reserva_google_sync';

/**
 * Schema `google_sync`, owned by Google Calendar sync: pending OAuth states, connections
 * (refresh tokens sealed with the person's key), the consumer's folded booking entries and
 * place names, and one sync job per booking and person. Idempotent; concurrent callers queue
 * on a lock.
 */
export async function ensureGoogleSyncSchema(pool: pg.Pool): Promise<void> {
  await ensureSchema(pool, 'google_sync', GOOGLE_SYNC_SCHEMA_SQL);
}

const GOOGLE_SYNC_SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS google_sync;

-- OAuth 'state' values handed out for consent: hashed, single use, short-lived.
CREATE TABLE IF NOT EXISTS google_sync.oauth_states (
  state_hash  text PRIMARY KEY,
  user_id     text NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS oauth_states_expiry ON google_sync.oauth_states (expires_at);

CREATE TABLE IF NOT EXISTS google_sync.connections (
  user_id            text PRIMARY KEY,
  -- Sealed { refreshToken } (PersonalDataVault): unreadable once the person is erased. NULL once
  -- Google refused it; disconnect_reason says why.
  refresh_token      jsonb,
  calendar_id        text NOT NULL DEFAULT 'primary',
  connected_at       timestamptz NOT NULL,
  disconnected_at    timestamptz,
  disconnect_reason  text
);

-- Every booking folded with evolveCalendarEntry (the fold ICS feeds and invitations use).
CREATE TABLE IF NOT EXISTS google_sync.entries (
  booking_id  text PRIMARY KEY,
  booker_id   text NOT NULL,
  -- The booking stream revision last folded in: an event at or below it is a redelivery.
  revision    integer NOT NULL,
  entry       jsonb NOT NULL,
  ends_at     timestamptz NOT NULL,
  status      text NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_booker ON google_sync.entries (booker_id, ends_at);

-- Names for an event's location (catalog events may come after the booking's: joined at sync time).
CREATE TABLE IF NOT EXISTS google_sync.sites (
  site_id  text PRIMARY KEY,
  name     text NOT NULL,
  address  text NOT NULL,
  city     text NOT NULL
);
CREATE TABLE IF NOT EXISTS google_sync.spaces (
  space_id  text PRIMARY KEY,
  site_id   text NOT NULL,
  name      text NOT NULL
);

-- One row per booking and person whose Google Calendar shows it. Work is due while
-- status = 'pending' (desired_sequence not yet pushed); a worker claims it until claimed_until.
CREATE TABLE IF NOT EXISTS google_sync.jobs (
  booking_id         text NOT NULL,
  user_id            text NOT NULL,
  desired_sequence   integer NOT NULL,
  -- The entry's sequence last pushed to event_calendar_id (NULL: the event may not exist there).
  synced_sequence    integer,
  status             text NOT NULL CHECK (status IN ('pending', 'synced', 'failed')),
  attempts           integer NOT NULL DEFAULT 0,
  next_attempt_at    timestamptz NOT NULL,
  claimed_until      timestamptz,
  last_error         text,
  -- The event's id at Google (googleEventId of the booking), once an event may exist.
  google_event_id    text,
  -- The calendar that may hold the event: noted before an insert, so nothing is left untracked.
  event_calendar_id  text,
  synced_at          timestamptz,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (booking_id, user_id)
);
CREATE INDEX IF NOT EXISTS jobs_due ON google_sync.jobs (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS jobs_user ON google_sync.jobs (user_id);
`;
