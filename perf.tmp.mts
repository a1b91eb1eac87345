import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises'; import os from 'node:os'; import path from 'node:path';
import { startEmbeddedPostgres } from './src/platform/embedded-postgres.ts';
import { ensureEventStoreSchema } from './src/shared/event-store/postgres/event-store-schema.ts';
import { PostgresEventStore } from './src/shared/event-store/postgres/postgres-event-store.ts';
const dir = await mkdtemp(path.join(os.tmpdir(), 'perf-'));
const h = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
const pool = new pg.Pool({ connectionString: h.adminUrl, max: 1 });
await ensureEventStoreSchema(pool);
await pool.query(`CREATE TABLE plain_events (LIKE eventstore.events INCLUDING ALL)`);
const store = new PostgresEventStore(pool);
const md = { schemaVersion: 1, occurredAt: 'x', actor: { id: 'a', kind: 'user' as const }, correlationId: 'c', causationId: 'd' };
async function time(name: string, n: number, f: (i: number) => Promise<unknown>) {
  const t = performance.now(); for (let i = 0; i < n; i++) await f(i); const ms = performance.now() - t; console.log(name, (n / ms * 1000).toFixed(0), '/s');
}
for (const sync of ['on', 'off']) {
  await pool.query(`ALTER SYSTEM SET synchronous_commit = ${sync}`); await pool.query('SELECT pg_reload_conf()');
  await new Promise(r => setTimeout(r, 200));
  const s = randomUUID();
  let rev = -1;
  await time(`sync=${sync} plain`, 1000, (i) => pool.query({ name: 'p', text: 'INSERT INTO plain_events (stream_id, stream_revision, event_id, event_type, data, metadata) VALUES ($1,$2,$3,$4,$5,$6)', values: [s, i, randomUUID(), 'T', '{"a":1}', JSON.stringify(md)] }));
  await time(`sync=${sync} reserva`, 1000, async () => { rev = (await store.appendToStream(s, [{ id: randomUUID(), type: 'T', data: { a: 1 }, metadata: md }], { expectedRevision: rev < 0 ? 'no_stream' : rev })).nextExpectedRevision; });
  await time(`sync=${sync} select1`, 1000, () => pool.query('SELECT 1'));
  await time(`sync=${sync} plain`, 1000, (i) => pool.query({ name: 'p', text: 'INSERT INTO plain_events (stream_id, stream_revision, event_id, event_type, data, metadata) VALUES ($1,$2,$3,$4,$5,$6)', values: [s, i + 1000, randomUUID(), 'T', '{"a":1}', JSON.stringify(md)] }));
  await time(`sync=${sync} reserva`, 1000, async () => { rev = (await store.appendToStream(s, [{ id: randomUUID(), type: 'T', data: { a: 1 }, metadata: md }], { expectedRevision: rev < 0 ? 'no_stream' : rev })).nextExpectedRevision; });
}
await pool.end(); await h.stop();
