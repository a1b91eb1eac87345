import type { EventToAppend } from '../event-store.js';
import { EXPECTED_NO_STREAM } from './event-store-schema.js';

/**
 * The SQL of one append: always a single statement, so one round trip.
 *
 * The common cases (a numeric expected revision or `no_stream`, a few events) run as one
 * statement with a scalar parameter per field: it bumps (or creates) the stream row and inserts
 * the events in a CTE, which costs the server far less than a plpgsql call that unpacks arrays.
 * When that finds the stream at another revision, the same statement falls through to
 * `append_to_stream`, which reports the actual revision or recognises an idempotent retry.
 * Other expectations and large batches call `append_to_stream` directly.
 * Every variant returns rows of (result_ok, result_revision, result_commit, result_position);
 * on success the row with the highest position is the last event, and its revision the stream's.
 */

/** Above this many events the per-event statement text grows large; the array function is used. */
export const MAX_EVENTS_PER_STATEMENT = 16;

const FIELDS_PER_EVENT = 4;

export interface AppendStatement {
  name: string;
  text: string;
  values: unknown[];
}

export function appendStatement(schema: string, streamId: string, expectedCode: number, events: EventToAppend[]): AppendStatement {
  const count = events.length;
  const inline = count > 0 && count <= MAX_EVENTS_PER_STATEMENT && (expectedCode >= 0 || expectedCode === EXPECTED_NO_STREAM);
  if (!inline) {
    return {
      name: `${schema}.append_to_stream`,
      text: `SELECT result_ok, result_revision, result_commit, result_position FROM ${schema}.append_to_stream($1, $2, $3, $4, $5, $6)`,
      values: [
        streamId,
        expectedCode,
        events.map((e) => e.id),
        events.map((e) => e.type),
        // Serialised here: pg would turn a JSON array into a PostgreSQL array.
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
      ],
    };
  }
  const newStream = expectedCode === EXPECTED_NO_STREAM;
  const values: unknown[] = [streamId, expectedCode];
  for (const e of events) values.push(e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
  return { name: `${schema}.append_${newStream ? 'new' : 'at'}_${count}`, text: inlineAppendSql(schema, count, newStream), values };
}

const inlineSqlCache = new Map<string, string>();

function inlineAppendSql(schema: string, count: number, newStream: boolean): string {
  const key = `${schema}/${count}/${newStream}`;
  let sql = inlineSqlCache.get(key);
  if (sql) return sql;
  const param = (event: number, field: number) => `$${3 + event * FIELDS_PER_EVENT + field}`;
  const rows = Array.from({ length: count }, (_, i) => `(${i + 1}, ${param(i, 0)}::uuid, ${param(i, 1)}::text, ${param(i, 2)}::jsonb, ${param(i, 3)}::jsonb)`);
  const arrays = Array.from({ length: FIELDS_PER_EVENT }, (_, field) => `ARRAY[${Array.from({ length: count }, (_, i) => param(i, field)).join(', ')}]`);
  const stream = newStream
    ? `INSERT INTO ${schema}.streams (stream_id, revision) VALUES ($1, ${count - 1}) ON CONFLICT (stream_id) DO NOTHING RETURNING revision`
    : `UPDATE ${schema}.streams SET revision = $2::bigint + ${count} WHERE stream_id = $1 AND revision = $2::bigint RETURNING revision`;
  sql = `WITH stream AS (${stream}),
inserted AS (
  INSERT INTO ${schema}.events (stream_id, stream_revision, event_id, event_type, data, metadata)
  SELECT $1, stream.revision - ${count} + e.ord, e.id, e.type, e.data, e.meta
    FROM stream, (VALUES ${rows.join(', ')}) AS e(ord, id, type, data, meta)
   ORDER BY e.ord
  RETURNING global_position, stream_revision, transaction_id
)
SELECT true AS result_ok, stream_revision AS result_revision, transaction_id::text AS result_commit, global_position AS result_position
  FROM inserted
UNION ALL
SELECT f.result_ok, f.result_revision, f.result_commit, f.result_position
  FROM ${schema}.append_to_stream($1, $2::bigint, ${arrays[0]}::uuid[], ${arrays[1]}::text[], ${arrays[2]}::jsonb[], ${arrays[3]}::jsonb[]) AS f
 WHERE NOT EXISTS (SELECT FROM stream)`;
  inlineSqlCache.set(key, sql);
  return sql;
}
