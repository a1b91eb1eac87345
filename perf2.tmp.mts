import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises'; import os from 'node:os'; import path from 'node:path';
import { startEmbeddedPostgres } from './src/platform/embedded-postgres.ts';
import { ensureEventStoreSchema } from './src/shared/event-store/postgres/event-store-schema.ts';
const dir = await mkdtemp(path.join(os.tmpdir(), 'perf-'));
const h = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
const pool = new pg.Pool({ connectionString: h.adminUrl, max: 1 });
await ensureEventStoreSchema(pool);
await pool.query(`CREATE TABLE plain_events (LIKE eventstore.events INCLUDING ALL)`);
await pool.query(`ALTER SYSTEM SET synchronous_commit = off`); await pool.query('SELECT pg_reload_conf()');
await pool.query(`
CREATE FUNCTION eventstore.f_min(p_stream_id text, p_expected bigint, p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], OUT result_ok boolean, OUT result_revision bigint, OUT result_commit text, OUT result_position bigint) LANGUAGE plpgsql AS $$
DECLARE v_count bigint := cardinality(p_ids); v_next bigint;
BEGIN
  UPDATE eventstore.streams SET revision = p_expected + v_count WHERE stream_id = p_stream_id AND revision = p_expected RETURNING revision INTO v_next;
  IF v_next IS NULL THEN result_ok := false; RETURN; END IF;
  INSERT INTO eventstore.events (stream_id, stream_revision, event_id, event_type, data, metadata)
    SELECT p_stream_id, v_next - v_count + e.ord, e.id, e.type, e.data, e.meta FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS e(id, type, data, meta, ord);
  result_position := currval('eventstore.events_global_position_seq');
  result_ok := true; result_revision := v_next; result_commit := pg_current_xact_id()::text;
END $$;
CREATE FUNCTION eventstore.f_noop(p_stream_id text, p_expected bigint, p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], OUT result_ok boolean) LANGUAGE plpgsql AS $$ BEGIN result_ok := true; END $$;
`);
const md = JSON.stringify({ schemaVersion: 1, occurredAt: '2030-03-04T09:30:00.000Z', actor: { id: '5d1c1f0e-3c43-4f57-9a59-0b0f3f8f2a11', kind: 'user' }, correlationId: '3b0b6b8e-59a4-4b8e-9d0c-8c0b8f4c1d22', causationId: '9f1e2d3c-4b5a-4c6d-8e7f-a0b1c2d3e4f5' });
const data = JSON.stringify({ bookingId: randomUUID(), spaceId: 'space-0042', range: { start: '2030-03-05T09:00:00.000Z', end: '2030-03-05T10:30:00.000Z' }, purpose: 'Quarterly planning', participants: 8 });
async function time(name: string, n: number, f: (i: number) => Promise<unknown>) {
  const t = performance.now(); for (let i = 0; i < n; i++) await f(i); const ms = performance.now() - t; console.log(name.padEnd(12), (n / ms * 1000).toFixed(0), '/s');
}
const variants: Record<string, (s: string, i: number) => Promise<unknown>> = {
  select1: () => pool.query('SELECT 1'),
  plain: (s, i) => pool.query({ name: 'p', text: 'INSERT INTO plain_events (stream_id, stream_revision, event_id, event_type, data, metadata) VALUES ($1,$2,$3,$4,$5,$6)', values: [s, i, randomUUID(), 'T', data, md] }),
  noop: (s, i) => pool.query({ name: 'n', text: 'SELECT * FROM eventstore.f_noop($1,$2,$3,$4,$5,$6)', values: [s, i - 1, [randomUUID()], ['T'], [data], [md]] }),
  full: (s, i) => pool.query({ name: 'f', text: 'SELECT * FROM eventstore.append_to_stream($1,$2,$3,$4,$5,$6)', values: [s, i === 0 ? -1 : i - 1, [randomUUID()], ['T'], [data], [md]] }),
  min: (s, i) => i === 0 ? pool.query({ name: 'f', text: 'SELECT * FROM eventstore.append_to_stream($1,$2,$3,$4,$5,$6)', values: [s, -1, [randomUUID()], ['T'], [data], [md]] }) : pool.query({ name: 'm', text: 'SELECT * FROM eventstore.f_min($1,$2,$3,$4,$5,$6)', values: [s, i - 1, [randomUUID()], ['T'], [data], [md]] }),
};
for (let round = 0; round < 3; round++) for (const [name, f] of Object.entries(variants)) { const s = randomUUID(); await time(name, 3000, (i) => f(s, i)); }
await pool.end(); await h.stop();
