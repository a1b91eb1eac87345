import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { assertSchemaName, DEFAULT_EVENT_STORE_SCHEMA } from '../../src/shared/event-store/postgres/event-store-schema.js';

/** A booking request as the write side records it: the payload every plain INSERT carries. */
function sampleEvent(streamId: string) {
  const bookingId = randomUUID();
  const spaceId = randomUUID();
  const reservation = {
    targetId: spaceId, targetKind: 'space', day: '2030-03-05', reservationId: `${bookingId}#1`, holder: { kind: 'booking', id: bookingId },
    start: '2030-03-05T09:00:00.000Z', end: '2030-03-05T10:30:00.000Z', quantity: 1, capacity: 1,
  };
  return {
    stream_id: streamId,
    event_id: randomUUID(),
    event_type: 'BookingRequested',
    data: JSON.stringify({
      bookingId, bookerId: 'bench-user', spaceId, siteId: randomUUID(), timeZone: 'Europe/Lisbon', purpose: 'Quarterly planning',
      approvalRequired: false, changeDeadlineMinutes: 60, placement: 1, start: reservation.start, end: reservation.end,
      holdUntil: reservation.end, participants: 6, resources: [], buckets: [`schedule-${spaceId}-2030-03-05`], reservations: [reservation],
    }),
    metadata: JSON.stringify({
      schemaVersion: 1, occurredAt: new Date().toISOString(), actor: { id: 'bench-user', kind: 'user' }, correlationId: randomUUID(), causationId: randomUUID(),
    }),
  };
}

/**
 * The ceiling the write benchmarks are judged against: autocommit single-row INSERTs (one
 * commit each) from `connections` concurrent pg connections into a table with exactly the
 * columns, defaults and indexes of the event store's `events` table (created with LIKE …
 * INCLUDING ALL in a scratch schema), measured for `seconds` after a short warm-up.
 * Returns commits per second.
 */
export async function measurePlainInsertRate(url: string, opts: { connections: number; seconds: number; eventStoreSchema?: string }): Promise<number> {
  const source = assertSchemaName(opts.eventStoreSchema ?? DEFAULT_EVENT_STORE_SCHEMA);
  const schema = `bench_plain_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  const pool = new pg.Pool({ connectionString: url, max: opts.connections });
  try {
    await pool.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.events (LIKE ${source}.events INCLUDING ALL)`);
    const insert = {
      name: `${schema}_insert`,
      text: `INSERT INTO ${schema}.events (stream_id, stream_revision, event_id, event_type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)`,
    };
    const runFor = async (ms: number): Promise<number> => {
      const until = performance.now() + ms;
      const counts = await Promise.all(
        Array.from({ length: opts.connections }, async () => {
          const streamId = `plain-${randomUUID()}`;
          let n = 0;
          while (performance.now() < until) {
            const e = sampleEvent(streamId);
            await pool.query({ ...insert, values: [e.stream_id, n, e.event_id, e.event_type, e.data, e.metadata] });
            n += 1;
          }
          return n;
        }),
      );
      return counts.reduce((a, b) => a + b, 0);
    };
    await runFor(Math.min(1_000, opts.seconds * 250));
    const started = performance.now();
    const commits = await runFor(opts.seconds * 1_000);
    return commits / ((performance.now() - started) / 1_000);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await pool.end();
  }
}
