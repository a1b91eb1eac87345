import type pg from 'pg';
import { withTransaction } from '../../postgres/with-transaction.js';

/**
 * Schema of the PostgreSQL event store.
 *
 * - `events`: the append-only log. `transaction_id` is the writing transaction (xid8); readers of
 *   `$all` only see events whose transaction is older than every transaction still running, and
 *   order them by (transaction_id, global_position). A plain sequence order would let a reader
 *   skip an event whose transaction commits after a later one (DESIGN.md, "Gap-free reads").
 * - `streams`: one row per stream with its current revision. Appends lock only that row, so
 *   writers to different streams never wait for each other.
 * - `append_to_stream`: the whole append (concurrency check, idempotent retry, insert) in one
 *   call, so an append is a single round trip.
 */

/** Sentinels for `p_expected` of `append_to_stream` (values ≥ 0 are revisions). */
export const EXPECTED_NO_STREAM = -1;
export const EXPECTED_ANY = -2;
export const EXPECTED_STREAM_EXISTS = -4;

export const DEFAULT_EVENT_STORE_SCHEMA = 'eventstore';

/** Schema names go into DDL and function names unquoted, so only plain identifiers are allowed. */
export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid event store schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`);
  return schema;
}

export function eventStoreSchemaSql(schema: string): string {
  const s = assertSchemaName(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE IF NOT EXISTS ${s}.events (
  global_position bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME ${s}.events_global_position_seq) PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id text NOT NULL,
  stream_revision bigint NOT NULL,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, stream_revision)
);

CREATE INDEX IF NOT EXISTS events_transaction_id_global_position_idx ON ${s}.events (transaction_id, global_position);

-- The log is the truth: events are never changed or removed (history is corrected with new events).
CREATE OR REPLACE FUNCTION ${s}.refuse_event_changes() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'events are immutable: % on %.events is refused', TG_OP, TG_TABLE_SCHEMA USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE OR REPLACE TRIGGER events_are_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON ${s}.events
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_event_changes();

-- Free space on each page keeps the revision updates HOT (no index write).
CREATE TABLE IF NOT EXISTS ${s}.streams (
  stream_id text PRIMARY KEY,
  revision bigint NOT NULL
) WITH (fillfactor = 50);

-- p_expected: a revision (>= 0), or ${EXPECTED_NO_STREAM} no_stream, ${EXPECTED_ANY} any, ${EXPECTED_STREAM_EXISTS} stream_exists.
-- Returns ok = false with result_revision = the actual revision (-1: no stream) on a wrong
-- expected revision, instead of raising, so a caller's surrounding transaction stays usable.
CREATE OR REPLACE FUNCTION ${s}.append_to_stream(
  p_stream_id text,
  p_expected bigint,
  p_ids uuid[],
  p_types text[],
  p_data jsonb[],
  p_metadata jsonb[],
  OUT result_ok boolean,
  OUT result_revision bigint,
  OUT result_commit text,
  OUT result_position bigint
) LANGUAGE plpgsql AS $fn$
DECLARE
  v_count bigint := coalesce(cardinality(p_ids), 0);
  v_current bigint;
  v_next bigint;
  v_base bigint;
BEGIN
  IF v_count = 0 THEN
    -- Nothing to write (EventStoreDB allows it): only check the expectation. The share lock
    -- keeps the stream as checked until this transaction ends (a guard in append_to_streams).
    SELECT revision INTO v_current FROM ${s}.streams WHERE stream_id = p_stream_id FOR SHARE;
    result_revision := coalesce(v_current, -1);
    result_ok := CASE
      WHEN p_expected >= 0 THEN result_revision = p_expected
      WHEN p_expected = ${EXPECTED_NO_STREAM} THEN result_revision = -1
      WHEN p_expected = ${EXPECTED_STREAM_EXISTS} THEN result_revision >= 0
      ELSE true
    END;
    SELECT transaction_id::text, global_position INTO result_commit, result_position
      FROM ${s}.events WHERE stream_id = p_stream_id AND stream_revision = result_revision;
    RETURN;
  END IF;

  IF p_expected >= 0 OR p_expected = ${EXPECTED_NO_STREAM} THEN
    -- The hot path: one statement both checks the revision and locks the stream row.
    IF p_expected >= 0 THEN
      UPDATE ${s}.streams SET revision = p_expected + v_count
       WHERE stream_id = p_stream_id AND revision = p_expected
      RETURNING revision INTO v_next;
    ELSE
      INSERT INTO ${s}.streams (stream_id, revision) VALUES (p_stream_id, v_count - 1)
      ON CONFLICT (stream_id) DO NOTHING
      RETURNING revision INTO v_next;
    END IF;
    IF v_next IS NULL THEN
      -- Idempotent retry (as EventStoreDB): the same events already follow the expected revision.
      IF (
        SELECT array_agg(event_id ORDER BY stream_revision) FROM ${s}.events
         WHERE stream_id = p_stream_id AND stream_revision BETWEEN p_expected + 1 AND p_expected + v_count
      ) = p_ids THEN
        result_ok := true;
        result_revision := p_expected + v_count;
        SELECT transaction_id::text, global_position INTO result_commit, result_position
          FROM ${s}.events WHERE stream_id = p_stream_id AND stream_revision = result_revision;
        RETURN;
      END IF;
      SELECT revision INTO v_current FROM ${s}.streams WHERE stream_id = p_stream_id;
      result_ok := false;
      result_revision := coalesce(v_current, -1);
      RETURN;
    END IF;
  ELSE
    SELECT revision INTO v_current FROM ${s}.streams WHERE stream_id = p_stream_id FOR UPDATE;
    IF v_current IS NULL THEN
      IF p_expected = ${EXPECTED_STREAM_EXISTS} THEN
        result_ok := false;
        result_revision := -1;
        RETURN;
      END IF;
      -- A concurrent "any" append may create the stream first: then add after its events.
      INSERT INTO ${s}.streams AS st (stream_id, revision) VALUES (p_stream_id, v_count - 1)
      ON CONFLICT (stream_id) DO UPDATE SET revision = st.revision + v_count
      RETURNING revision INTO v_next;
    ELSE
      -- Idempotent retry without a numeric expectation: the same events are the stream's tail.
      IF v_current + 1 >= v_count AND (
        SELECT array_agg(event_id ORDER BY stream_revision) FROM ${s}.events
         WHERE stream_id = p_stream_id AND stream_revision BETWEEN v_current - v_count + 1 AND v_current
      ) = p_ids THEN
        result_ok := true;
        result_revision := v_current;
        SELECT transaction_id::text, global_position INTO result_commit, result_position
          FROM ${s}.events WHERE stream_id = p_stream_id AND stream_revision = v_current;
        RETURN;
      END IF;
      v_next := v_current + v_count;
      UPDATE ${s}.streams SET revision = v_next WHERE stream_id = p_stream_id;
    END IF;
  END IF;

  result_ok := true;
  result_revision := v_next;
  v_base := v_next - v_count;
  -- unnest emits in array order, so global positions follow stream revisions.
  INSERT INTO ${s}.events (stream_id, stream_revision, event_id, event_type, data, metadata)
  SELECT p_stream_id, v_base + e.ord, e.id, e.type, e.data, e.meta
    FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS e(id, type, data, meta, ord);
  -- This session's last sequence value: the position of the last row just inserted.
  result_position := currval('${s}.events_global_position_seq');
  result_commit := pg_current_xact_id()::text;
END
$fn$;

-- All-or-nothing append to several streams in one statement (so one round trip and one commit).
-- Stream i gets events p_offsets[i]+1 .. p_offsets[i+1] of the flattened arrays. A wrong
-- expected revision raises SQLSTATE RV001 (the statement, so every append, is rolled back) with
-- the stream and its actual revision as JSON in DETAIL.
CREATE OR REPLACE FUNCTION ${s}.append_to_streams(
  p_stream_ids text[],
  p_expected bigint[],
  p_offsets int[],
  p_ids uuid[],
  p_types text[],
  p_data jsonb[],
  p_metadata jsonb[]
) RETURNS TABLE (stream_id text, result_revision bigint, result_commit text, result_position bigint) LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  FOR i IN 1 .. cardinality(p_stream_ids) LOOP
    SELECT * INTO r FROM ${s}.append_to_stream(
      p_stream_ids[i], p_expected[i],
      p_ids[p_offsets[i] + 1 : p_offsets[i + 1]], p_types[p_offsets[i] + 1 : p_offsets[i + 1]],
      p_data[p_offsets[i] + 1 : p_offsets[i + 1]], p_metadata[p_offsets[i] + 1 : p_offsets[i + 1]]);
    IF NOT r.result_ok THEN
      RAISE EXCEPTION 'wrong expected revision on stream %', p_stream_ids[i]
        USING ERRCODE = 'RV001', DETAIL = json_build_object('streamId', p_stream_ids[i], 'actual', r.result_revision)::text;
    END IF;
    stream_id := p_stream_ids[i];
    result_revision := r.result_revision;
    result_commit := r.result_commit;
    result_position := r.result_position;
    RETURN NEXT;
  END LOOP;
END
$fn$;
`;
}

/**
 * Creates the event store schema if it is missing (and refreshes the append function).
 * Safe when several processes start at once: the DDL runs under a transaction-level advisory lock.
 */
export async function ensureEventStoreSchema(pool: pg.Pool, schema: string = DEFAULT_EVENT_STORE_SCHEMA): Promise<void> {
  const sql = eventStoreSchemaSql(schema);
  await withTransaction(pool, (client) => client.query(sql), { advisoryLock: `reserva.event-store.schema.${schema}` });
}
