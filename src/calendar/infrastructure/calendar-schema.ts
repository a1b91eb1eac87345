import type pg from 'pg';
import { ensureSchema } from '../../shared/postgres/ensure-schema.js';

/**
 * Schema `calendar`, owned by the ICS feeds: the feed consumer's folded bookings and space
 * blackouts, the catalog names it shows as locations, and the hashed feed tokens. Idempotent;
 * concurrent callers queue on a lock.
 */
export async function ensureCalendarSchema(pool: pg.Pool): Promise<void> {
  await ensureSchema(pool, 'calendar', CALENDAR_SCHEMA_SQL);
}

const CALENDAR_SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS calendar;

-- Every booking folded with evolveCalendarEntry (the fold invitations and Google sync use too).
CREATE TABLE IF NOT EXISTS calendar.entries (
  booking_id  text PRIMARY KEY,
  booker_id   text NOT NULL,
  space_id    text NOT NULL,
  -- The booking stream revision last folded in: an event at or below it is a redelivery.
  revision    integer NOT NULL,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  entry       jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_booker ON calendar.entries (booker_id, ends_at);
CREATE INDEX IF NOT EXISTS entries_space ON calendar.entries (space_id, ends_at);

-- Blackouts of whole spaces (folded with evolveSpaceBlackout), shown in room feeds.
CREATE TABLE IF NOT EXISTS calendar.space_blackouts (
  blackout_id  text PRIMARY KEY,
  space_id     text NOT NULL,
  revision     integer NOT NULL,
  ends_at      timestamptz NOT NULL,
  entry        jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS space_blackouts_space ON calendar.space_blackouts (space_id, ends_at);

-- Catalog names for locations and feed titles. A booking may arrive before its space (topics are
-- ordered per key only): feeds join these at read time and leave what is missing out.
CREATE TABLE IF NOT EXISTS calendar.sites (
  site_id    text PRIMARY KEY,
  name       text NOT NULL,
  address    text NOT NULL,
  time_zone  text NOT NULL
);
CREATE TABLE IF NOT EXISTS calendar.spaces (
  space_id  text PRIMARY KEY,
  site_id   text NOT NULL,
  name      text NOT NULL,
  retired   boolean NOT NULL DEFAULT false
);

-- Secret feed URLs: only sha256 of the token is kept. One person feed per person, one space
-- feed per person and space; regenerating replaces the row, so the old URL stops working.
CREATE TABLE IF NOT EXISTS calendar.feed_tokens (
  token_hash  bytea PRIMARY KEY,
  owner_id    text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('person', 'space')),
  -- '' for a person feed (a unique key cannot hold NULLs as equal).
  space_id    text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL,
  CHECK ((kind = 'person') = (space_id = '')),
  UNIQUE (owner_id, kind, space_id)
);
`;
