import type pg from 'pg';
import { ensureSchema } from '../shared/postgres/ensure-schema.js';

/**
 * Schema `messaging`: the relay's checkpoint, the consumers' processed-event table, and the
 * in-process bus's durable log and committed offsets. Idempotent; concurrent callers queue on a lock.
 */
export async function ensureMessagingSchema(pool: pg.Pool): Promise<void> {
  await ensureSchema(pool, 'messaging', MESSAGING_SCHEMA_SQL);
}

const MESSAGING_SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS messaging;

-- The last $all position a relay has published and seen acknowledged (-1: nothing yet).
CREATE TABLE IF NOT EXISTS messaging.relay_checkpoint (
  name              text PRIMARY KEY,
  commit_position   bigint NOT NULL DEFAULT -1,
  prepare_position  bigint NOT NULL DEFAULT -1,
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- Events whose effect a consumer has applied, written in the transaction of the effect.
CREATE TABLE IF NOT EXISTS messaging.processed_events (
  consumer      text NOT NULL,
  event_id      text NOT NULL,
  processed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
-- Retention deletes by age (messaging-retention.ts).
CREATE INDEX IF NOT EXISTS processed_events_processed_at ON messaging.processed_events (processed_at);

-- In-process bus: an append-only log per topic partition (offsets from 0, no gaps).
CREATE TABLE IF NOT EXISTS messaging.bus_messages (
  topic           text NOT NULL,
  partition       integer NOT NULL,
  message_offset  bigint NOT NULL,
  key             text NOT NULL,
  value           bytea NOT NULL,
  headers         jsonb NOT NULL,
  published_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition, message_offset)
);

-- In-process bus: the next offset each consumer group will read, per topic partition.
CREATE TABLE IF NOT EXISTS messaging.bus_offsets (
  consumer_group  text NOT NULL,
  topic           text NOT NULL,
  partition       integer NOT NULL,
  next_offset     bigint NOT NULL,
  PRIMARY KEY (consumer_group, topic, partition)
);
`;
