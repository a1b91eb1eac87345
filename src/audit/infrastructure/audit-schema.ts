import type pg from 'pg';
import { ensureSchema } from '../../shared/postgres/ensure-schema.js';
import { GENESIS_HASH } from '../domain/audit-chain.js';

/** Creates schema `audit` if it is missing. Idempotent; concurrent callers queue on a lock. */
export async function ensureAuditSchema(pool: pg.Pool): Promise<void> {
  await ensureSchema(pool, 'audit', AUDIT_SCHEMA_SQL);
}

const AUDIT_SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS audit;

-- One row per event, chained: hash = sha256(prev_hash || canonical_event). seq runs 1, 2, 3…
-- without gaps, so a deleted row shows as a missing seq. The other columns copy the hashed
-- event for filtering; verification checks they still agree with it.
CREATE TABLE IF NOT EXISTS audit.entries (
  seq             bigint PRIMARY KEY,
  event_id        text NOT NULL UNIQUE,
  stream_id       text NOT NULL,
  event_type      text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  actor_id        text NOT NULL,
  correlation_id  text NOT NULL,
  causation_id    text NOT NULL,
  request         jsonb,
  canonical_event text NOT NULL,
  event           jsonb GENERATED ALWAYS AS (canonical_event::jsonb) STORED,
  prev_hash       text NOT NULL,
  hash            text NOT NULL,
  written_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS entries_stream_idx ON audit.entries (stream_id, seq);
CREATE INDEX IF NOT EXISTS entries_actor_idx ON audit.entries (actor_id, seq);
CREATE INDEX IF NOT EXISTS entries_type_idx ON audit.entries (event_type, seq);
CREATE INDEX IF NOT EXISTS entries_occurred_idx ON audit.entries (occurred_at, seq);
CREATE INDEX IF NOT EXISTS entries_booker_idx ON audit.entries ((event->'data'->>'bookerId')) WHERE event_type = 'BookingRequested';
CREATE INDEX IF NOT EXISTS entries_space_idx ON audit.entries ((event->'data'->>'spaceId'));
CREATE INDEX IF NOT EXISTS entries_user_idx ON audit.entries ((event->'data'->>'userId'));
CREATE INDEX IF NOT EXISTS entries_booking_idx ON audit.entries ((event->'data'->>'bookingId'));
CREATE INDEX IF NOT EXISTS entries_holder_idx ON audit.entries ((event->'data'->'holder'->>'id'));

-- Append-only, like the event store: corrections are new events, never edits.
CREATE OR REPLACE FUNCTION audit.refuse_entry_changes() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on audit.entries is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE OR REPLACE TRIGGER entries_are_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit.entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_entry_changes();

-- The end of the chain. Appenders lock this row, so entries are chained one at a time, and
-- verification compares it with the last row (a removed last entry shows as missing).
CREATE TABLE IF NOT EXISTS audit.chain_head (
  id    boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq   bigint NOT NULL,
  hash  text NOT NULL
);
INSERT INTO audit.chain_head (id, seq, hash) VALUES (true, 0, '${GENESIS_HASH}') ON CONFLICT (id) DO NOTHING;
`;
