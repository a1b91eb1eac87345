import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelKit, slotReleased, slotReserved, type ReadModelKit } from './projection-test-kit.js';

describe('occupancy projection', () => {
  let kit: ReadModelKit;
  const rows = async () =>
    (await kit.pool.query(`SELECT target_id, day, reservation_id, holder_kind, holder_id, quantity, lower(during) AS s, upper(during) AS e FROM ${kit.schema}.occupancy ORDER BY target_id, day, reservation_id`)).rows.map(
      (r) => [r.target_id, r.day, r.reservation_id, r.holder_kind, r.quantity, r.s.toISOString(), r.e.toISOString()],
    );

  beforeAll(async () => {
    kit = await createReadModelKit('proj_occupancy');
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('adds a row per reserved bucket and removes it on release', async () => {
    const booking = { kind: 'booking' as const, id: 'b1' };
    await kit.record(
      // An overnight booking touches two local days: one reservation in each day's bucket.
      slotReserved('room-a', '2026-02-02', booking, '2026-02-02T21:00:00Z', '2026-02-03T01:00:00Z'),
      slotReserved('room-a', '2026-02-03', booking, '2026-02-02T21:00:00Z', '2026-02-03T01:00:00Z'),
      slotReserved('beamer', '2026-02-02', booking, '2026-02-02T21:00:00Z', '2026-02-03T01:00:00Z', { targetKind: 'resource', quantity: 2 }),
    );
    await kit.project();
    expect(await rows()).toEqual([
      ['beamer', '2026-02-02', 'b1#1', 'booking', 2, '2026-02-02T21:00:00.000Z', '2026-02-03T01:00:00.000Z'],
      ['room-a', '2026-02-02', 'b1#1', 'booking', 1, '2026-02-02T21:00:00.000Z', '2026-02-03T01:00:00.000Z'],
      ['room-a', '2026-02-03', 'b1#1', 'booking', 1, '2026-02-02T21:00:00.000Z', '2026-02-03T01:00:00.000Z'],
    ]);
    const merged = await kit.pool.query(`SELECT target_id, reservation_id, lower(during) AS s, upper(during) AS e FROM ${kit.schema}.occupancy_intervals WHERE target_id = 'room-a'`);
    expect(merged.rows).toHaveLength(1);

    await kit.record(slotReleased('room-a', '2026-02-02', 'b1#1'), slotReleased('room-a', '2026-02-03', 'b1#1'));
    await kit.project();
    expect((await rows()).map((r) => r[0])).toEqual(['beamer']);
  });

  it('nets out a reservation made and released within one batch, and a change holding old and new placements', async () => {
    const booking = { kind: 'booking' as const, id: 'b2' };
    await kit.record(
      slotReserved('room-b', '2026-02-04', booking, '2026-02-04T09:00:00Z', '2026-02-04T10:00:00Z'),
      slotReserved('room-b', '2026-02-04', booking, '2026-02-04T11:00:00Z', '2026-02-04T12:00:00Z', { reservationId: 'b2#2' }),
      slotReleased('room-b', '2026-02-04', 'b2#1'),
      slotReserved('room-b', '2026-02-05', { kind: 'blackout', id: 'bo1' }, '2026-02-05T00:00:00Z', '2026-02-06T00:00:00Z'),
    );
    await kit.project();
    expect((await rows()).filter((r) => r[0] === 'room-b')).toEqual([
      ['room-b', '2026-02-04', 'b2#2', 'booking', 1, '2026-02-04T11:00:00.000Z', '2026-02-04T12:00:00.000Z'],
      ['room-b', '2026-02-05', 'bo1#1', 'blackout', 1, '2026-02-05T00:00:00.000Z', '2026-02-06T00:00:00.000Z'],
    ]);
  });
});
