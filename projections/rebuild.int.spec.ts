import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBooking } from '../read-models/queries/bookings.queries.js';
import { ALL_PROJECTIONS } from './all-projections.js';
import { bookingFact, bookingRequested, createReadModelKit, resourceCreated, siteRegistered, slotReleased, slotReserved, spaceCreated, type Fact, type ReadModelKit } from './projection-test-kit.js';
import { Projector } from './projector.js';
import { rebuildReadModel, switchReadModel } from './rebuild.js';

/** A booking's whole story: requested, reserved, confirmed, changed, and maybe cancelled. */
function bookingStory(i: number): Fact[] {
  const id = `r-${i}`;
  const holder = { kind: 'booking' as const, id };
  const day = `2026-02-${String(10 + (i % 10)).padStart(2, '0')}`;
  const facts: Fact[] = [
    bookingRequested(id, 'room-a', `${day}T09:00:00Z`, `${day}T10:00:00Z`, { participants: 1 + (i % 5) }),
    slotReserved('room-a', day, holder, `${day}T09:00:00Z`, `${day}T10:00:00Z`, { reservationId: `${id}#1` }),
    bookingFact(id, 'BookingConfirmed', { placement: 1 }),
  ];
  if (i % 3 === 0) {
    facts.push(
      bookingFact(id, 'BookingChangeRequested', {
        placement: 2, start: `${day}T11:00:00Z`, end: `${day}T12:00:00Z`, holdUntil: `${day}T12:00:00Z`, participants: 2, resources: [], buckets: [], reservations: [], purpose: 'moved', requestedBy: 'user-1',
      }),
      bookingFact(id, 'BookingChanged', { placement: 2 }),
    );
  }
  if (i % 4 === 0) facts.push(bookingFact(id, 'BookingCancelled', { cancelledBy: 'user-1', reason: 'no longer needed', override: false }), slotReleased('room-a', day, `${id}#1`));
  return facts;
}

describe('rebuildReadModel', () => {
  let kit: ReadModelKit;
  let live: Projector;

  beforeAll(async () => {
    kit = await createReadModelKit('proj_rebuild');
    await kit.record(siteRegistered('berlin'), spaceCreated('room-a', 'berlin', { amenities: ['screen'] }), resourceCreated('beamer', 'berlin'));
    for (let i = 0; i < 40; i++) await kit.record(...bookingStory(i));
    live = new Projector({ store: kit.store, pool: kit.pool, projections: ALL_PROJECTIONS, schema: kit.schema });
    await live.catchUp();
  });
  afterAll(async () => {
    await live?.stop();
    await kit?.close();
  });

  const schemas = async () => (await kit.pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm%' ORDER BY nspname`)).rows.map((r) => r.nspname);

  it('rebuilds every read model from position zero, equal to the live one, and drops its schema', async () => {
    const report = await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'all' });
    expect(report).toMatchObject({ equal: true, differences: [] });
    expect(report.events).toBe((await kit.store.readAll()).length);
    expect(report.comparedAt.bookings).toEqual(live.stats().checkpoints.bookings);
    expect(await schemas()).toEqual(['rm']);
  });

  it('reports a corrupted live row as a difference, with samples from both sides', async () => {
    await kit.pool.query(`UPDATE ${kit.schema}.bookings SET participants = 99 WHERE id = 'r-1'`);
    await kit.pool.query(`DELETE FROM ${kit.schema}.occupancy WHERE holder_id = 'r-2'`);
    try {
      const bookings = await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'bookings' });
      expect(bookings.equal).toBe(false);
      expect(bookings.differences).toEqual([
        {
          table: 'bookings',
          onlyInLive: 1,
          onlyInRebuild: 1,
          samples: [
            { side: 'live', row: expect.objectContaining({ id: 'r-1', participants: 99 }) },
            { side: 'rebuild', row: expect.objectContaining({ id: 'r-1', participants: 2 }) },
          ],
        },
      ]);
      const occupancy = await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'occupancy' });
      expect(occupancy.differences).toMatchObject([{ table: 'occupancy', onlyInLive: 0, onlyInRebuild: 1 }]);
    } finally {
      await kit.pool.query(`UPDATE ${kit.schema}.bookings SET participants = 2 WHERE id = 'r-1'`);
    }
  });

  it('compares fairly while the live projector keeps projecting new events', async () => {
    // Occupancy starts over, so the live projector also has old events to apply while the rebuild runs.
    await kit.pool.query(`DELETE FROM ${kit.schema}.occupancy; UPDATE ${kit.schema}.projection_checkpoints SET commit_position = -1, prepare_position = -1 WHERE name = 'occupancy'`);
    live = new Projector({ store: kit.store, pool: kit.pool, projections: ALL_PROJECTIONS, schema: kit.schema });
    await live.start();
    let writing = true;
    const writer = (async () => {
      for (let i = 100; writing; i++) await kit.record(...bookingStory(i));
    })();
    try {
      const report = await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'all', batchSize: 50 });
      expect(report.differences).toEqual([]);
      expect(report.equal).toBe(true);
    } finally {
      writing = false;
      await writer;
    }
  });

  it('can keep the rebuilt schema and switch to it under a running live projector', async () => {
    let writing = true;
    let last = 2000;
    const writer = (async () => {
      for (let i = 2000; writing; i++) {
        await kit.record(...bookingStory(i));
        last = i;
      }
    })();
    let retiredSchema: string;
    try {
      const report = await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'all', schema: 'rm_next', keep: true });
      expect(report.equal).toBe(true);
      ({ retiredSchema } = await switchReadModel(kit.pool, { schema: 'rm_next' }));
      await kit.record(...bookingStory(1000));
    } finally {
      writing = false;
      await writer;
    }
    expect(await schemas()).toEqual(['rm', retiredSchema].sort());
    // The live busy stream hears the switched-in occupancy table.
    const triggers = await kit.pool.query<{ tgname: string }>(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'rm.occupancy'::regclass AND NOT tgisinternal ORDER BY tgname`);
    expect(triggers.rows.map((r) => r.tgname)).toEqual(['signal_busy_delete', 'signal_busy_insert', 'signal_busy_update']);
    // The live projector finds its checkpoints moved back, starts over from the switched-in
    // schema's checkpoints and misses nothing that was written meanwhile.
    const position = await kit.record(...bookingStory(3000));
    expect(await live.waitForPosition(position, 10_000)).toBe(true);
    expect(await getBooking(kit.pool, 'rm', 'r-1000')).toMatchObject({ status: 'cancelled' });
    expect(await getBooking(kit.pool, 'rm', `r-${last}`)).not.toBeNull();
    expect(await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'all' })).toMatchObject({ equal: true, differences: [] });
    await kit.pool.query(`DROP SCHEMA ${retiredSchema} CASCADE`);
  });

  it('refuses to switch to a rebuild of a single read model', async () => {
    await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'occupancy', schema: 'rm_partial', keep: true });
    await expect(switchReadModel(kit.pool, { schema: 'rm_partial' })).rejects.toThrow(/lacks read models sites, spaces, resources, blackouts, bookings/);
    await kit.pool.query('DROP SCHEMA rm_partial CASCADE');
  });

  it('names the known projections when asked for an unknown one', async () => {
    await expect(rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'nope' })).rejects.toThrow(/known: all, sites, spaces/);
  });
});
