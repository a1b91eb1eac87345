import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../src/shared/event-store/event-store.js';
import { getBooking } from '../read-models/queries/bookings.queries.js';
import { ALL_PROJECTIONS } from './all-projections.js';
import { bookingsProjection } from './bookings.projection.js';
import { defineProjection } from './projection.js';
import { bookingFact, bookingRequested, createReadModelKit, type ReadModelKit } from './projection-test-kit.js';
import { Projector, readCheckpoints } from './projector.js';

/** Counts every application of every event: deliberately not idempotent, so a double application shows. */
const countingProjection = defineProjection({
  name: 'counting',
  filter: { streamPrefixes: ['booking-'] },
  tables: ['applied_counts'],
  async applyBatch(client: pg.PoolClient, events: readonly RecordedEvent[]) {
    await client.query(
      `INSERT INTO applied_counts (event_id, times) SELECT unnest($1::text[]), 1 ON CONFLICT (event_id) DO UPDATE SET times = applied_counts.times + 1`,
      [events.map((e) => e.id)],
    );
  },
});

describe('Projector', () => {
  let kit: ReadModelKit;
  const projectors: Projector[] = [];
  const projector = (options: Partial<ConstructorParameters<typeof Projector>[0]> = {}) => {
    const p = new Projector({ store: kit.store, pool: kit.pool, projections: ALL_PROJECTIONS, schema: kit.schema, ...options });
    projectors.push(p);
    return p;
  };
  const counts = async () => (await kit.pool.query<{ times: number; n: number }>(`SELECT times, count(*)::int AS n FROM ${kit.schema}.applied_counts GROUP BY times`)).rows;

  beforeAll(async () => {
    kit = await createReadModelKit('proj_projector');
  });
  beforeEach(async () => {
    await Promise.all(projectors.splice(0).map((p) => p.stop()));
    await kit.pool.query(`DROP TABLE IF EXISTS ${kit.schema}.applied_counts; CREATE TABLE ${kit.schema}.applied_counts (event_id text PRIMARY KEY, times integer NOT NULL)`);
    await kit.pool.query(`DELETE FROM ${kit.schema}.projection_checkpoints WHERE name = 'counting'`);
  });
  afterAll(async () => {
    await Promise.all(projectors.map((p) => p.stop()));
    await kit?.close();
  });

  it('follows $all live; waitForPosition gives read-your-writes', async () => {
    const live = projector();
    await live.start();
    const position = await kit.record(bookingRequested('live-1', 'room-a', '2026-02-02T09:00:00Z', '2026-02-02T10:00:00Z'), bookingFact('live-1', 'BookingConfirmed', { placement: 1 }));
    expect(await live.waitForPosition(position, 10_000)).toBe(true);
    expect((await getBooking(kit.pool, kit.schema, 'live-1'))!.status).toBe('confirmed');
    const stats = live.stats();
    expect(stats.position).toEqual(position);
    expect(stats.eventsBehind).toBe(0);
    expect(stats.checkpoints.bookings).toEqual(position);
    expect(await readCheckpoints(kit.pool, kit.schema, ['bookings'])).toEqual(new Map([['bookings', position]]));
  });

  it('treats a position no projection cares about as reached once nothing relevant is pending before it', async () => {
    const live = projector();
    await live.start();
    await kit.record(bookingRequested('live-2', 'room-a', '2026-02-03T09:00:00Z', '2026-02-03T10:00:00Z'));
    const unrelated = await kit.record({ stream: 'person-1', type: 'PersonRegistered', data: {} });
    expect(await live.waitForPosition(unrelated, 10_000)).toBe(true);
    expect(await getBooking(kit.pool, kit.schema, 'live-2')).not.toBeNull();
  });

  it('reports false when the position is not reached in time', async () => {
    const stopped = projector();
    const position = await kit.record(bookingRequested('late-1', 'room-a', '2026-02-04T09:00:00Z', '2026-02-04T10:00:00Z'));
    expect(await stopped.waitForPosition(position, 300)).toBe(false);
  });

  it('never applies an event twice when two instances project into the same schema', async () => {
    const facts = Array.from({ length: 60 }, (_, i) => [
      bookingRequested(`cas-${i}`, 'room-c', '2026-02-05T09:00:00Z', '2026-02-05T10:00:00Z'),
      bookingFact(`cas-${i}`, 'BookingConfirmed', { placement: 1 }),
    ]).flat();
    const position = await kit.record(...facts.slice(0, 60));
    const [a, b] = [projector({ projections: [countingProjection, bookingsProjection], batchSize: 7 }), projector({ projections: [countingProjection, bookingsProjection], batchSize: 5 })];
    // Catch-up races first, then both follow live appends.
    await Promise.all([a.catchUp(), b.catchUp()]);
    await Promise.all([a.start(), b.start()]);
    const last = await kit.record(...facts.slice(60));
    expect(await a.waitForPosition(last, 10_000)).toBe(true);
    expect(await b.waitForPosition(last, 10_000)).toBe(true);
    const bookingEvents = (await kit.store.readAll({ filter: { streamPrefixes: ['booking-'] } })).length;
    expect(await counts()).toEqual([{ times: 1, n: bookingEvents }]);
    expect(position).toBeDefined();
    const history = await kit.pool.query(`SELECT count(*)::int AS n FROM ${kit.schema}.booking_history WHERE booking_id LIKE 'cas-%'`);
    expect(history.rows[0].n).toBe(120);
  });

  it('resumes from its checkpoint after a restart', async () => {
    const first = projector({ projections: [countingProjection] });
    await first.catchUp();
    await kit.record(bookingRequested('resume-1', 'room-a', '2026-02-06T09:00:00Z', '2026-02-06T10:00:00Z'));
    const second = projector({ projections: [countingProjection] });
    await second.catchUp();
    const bookingEvents = (await kit.store.readAll({ filter: { streamPrefixes: ['booking-'] } })).length;
    expect(await counts()).toEqual([{ times: 1, n: bookingEvents }]);
  });

  it("commits a projection's rows and checkpoint together: a failure leaves both as they were", async () => {
    const failing = defineProjection({
      ...countingProjection,
      async applyBatch(client, events) {
        await countingProjection.applyBatch(client, events);
        if (events.some((e) => e.streamId === 'booking-poison')) throw new Error('cannot project this');
      },
    });
    await kit.record(bookingRequested('poison', 'room-a', '2026-02-07T09:00:00Z', '2026-02-07T10:00:00Z'));
    await expect(projector({ projections: [failing] }).catchUp()).rejects.toThrow('cannot project this');
    expect(await counts()).toEqual([]);
    expect((await readCheckpoints(kit.pool, kit.schema)).get('counting')).toBeNull();
    // Once the projection is fixed it applies everything, once.
    await projector({ projections: [countingProjection] }).catchUp();
    const bookingEvents = (await kit.store.readAll({ filter: { streamPrefixes: ['booking-'] } })).length;
    expect(await counts()).toEqual([{ times: 1, n: bookingEvents }]);
  });
});
