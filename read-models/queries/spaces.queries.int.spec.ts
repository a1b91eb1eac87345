import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelKit, siteRegistered, slotReserved, spaceCreated, type ReadModelKit } from '../../projections/projection-test-kit.js';
import { getSpaceAvailability } from './availability.queries.js';
import { listSpaces, type SpaceFilter } from './spaces.queries.js';

describe('space queries', () => {
  let kit: ReadModelKit;
  const names = async (filter: SpaceFilter) => (await listSpaces(kit.pool, kit.schema, filter)).items.map((s) => s.name);

  beforeAll(async () => {
    kit = await createReadModelKit('rm_spaces');
    await kit.record(
      siteRegistered('berlin', { city: 'Berlin', timeZone: 'Europe/Berlin' }),
      siteRegistered('lisbon', { city: 'Lisbon', timeZone: 'Europe/Lisbon' }),
      spaceCreated('room-a', 'berlin', { name: 'Alpha', capacity: 8, amenities: ['projector', 'whiteboard'] }),
      spaceCreated('room-b', 'berlin', { name: 'Beta', capacity: 4, amenities: ['whiteboard'] }),
      spaceCreated('hall', 'berlin', { name: 'Grand Hall', kind: 'hall', capacity: 100, amenities: ['projector', 'stage'] }),
      spaceCreated('table-1', 'lisbon', { name: 'Table 1', kind: 'table', capacity: 4, timeZone: 'Europe/Lisbon' }),
      spaceCreated('old', 'berlin', { name: 'Old Room', capacity: 50 }),
      { stream: 'space-old', type: 'SpaceRetired', data: { spaceId: 'old' } },
      slotReserved('room-a', '2026-03-30', { kind: 'booking', id: 'b1' }, '2026-03-30T09:00:00Z', '2026-03-30T10:00:00Z'),
      slotReserved('hall', '2026-03-30', { kind: 'booking', id: 'b2' }, '2026-03-30T10:00:00Z', '2026-03-30T11:00:00Z'),
      slotReserved('room-b', '2026-03-30', { kind: 'blackout', id: 'bo1' }, '2026-03-29T22:00:00Z', '2026-03-30T22:00:00Z'),
    );
    await kit.project();
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('filters by site, city, kind, capacity and amenities (all required), leaving retired spaces out', async () => {
    expect(await names({})).toEqual(['Alpha', 'Beta', 'Grand Hall', 'Table 1']);
    expect(await names({ siteId: 'berlin' })).toEqual(['Alpha', 'Beta', 'Grand Hall']);
    expect(await names({ city: 'lisbon' })).toEqual(['Table 1']);
    expect(await names({ kind: 'meeting_room' })).toEqual(['Alpha', 'Beta']);
    expect(await names({ minCapacity: 5 })).toEqual(['Alpha', 'Grand Hall']);
    expect(await names({ amenities: ['projector'] })).toEqual(['Alpha', 'Grand Hall']);
    expect(await names({ amenities: ['projector', 'whiteboard'] })).toEqual(['Alpha']);
    expect(await names({ minCapacity: 5, includeRetired: true })).toEqual(['Alpha', 'Grand Hall', 'Old Room']);
  });

  it('finds spaces free for a whole period: bookings and blackouts count, back-to-back is free', async () => {
    expect(await names({ freeFrom: '2026-03-30T09:30:00Z', freeTo: '2026-03-30T10:30:00Z' })).toEqual(['Table 1']);
    expect(await names({ freeFrom: '2026-03-30T11:00:00Z', freeTo: '2026-03-30T12:00:00Z' })).toEqual(['Alpha', 'Grand Hall', 'Table 1']);
    expect(await names({ siteId: 'berlin', freeFrom: '2026-03-30T08:00:00Z', freeTo: '2026-03-30T09:30:00Z' })).toEqual(['Grand Hall']);
  });

  it('pages with a total', async () => {
    const first = await listSpaces(kit.pool, kit.schema, { limit: 2 });
    expect([first.items.map((s) => s.name), first.total]).toEqual([['Alpha', 'Beta'], 4]);
    const second = await listSpaces(kit.pool, kit.schema, { limit: 2, offset: 2 });
    expect([second.items.map((s) => s.name), second.total]).toEqual([['Grand Hall', 'Table 1'], 4]);
    const beyond = await listSpaces(kit.pool, kit.schema, { limit: 2, offset: 10 });
    expect([beyond.items, beyond.total]).toEqual([[], 4]);
    expect(await listSpaces(kit.pool, kit.schema, { city: 'Paris' })).toEqual({ items: [], total: 0 });
  });
});

describe('space availability', () => {
  let kit: ReadModelKit;

  beforeAll(async () => {
    kit = await createReadModelKit('rm_avail');
    const overnight = { kind: 'booking' as const, id: 'night' };
    await kit.record(
      siteRegistered('berlin'),
      spaceCreated('room', 'berlin'), // open 08:00–18:00 local, every day
      // Reserved in both local days' buckets; shown once, clipped to the window.
      slotReserved('room', '2026-03-28', overnight, '2026-03-28T20:00:00Z', '2026-03-29T00:00:00Z'),
      slotReserved('room', '2026-03-29', overnight, '2026-03-28T20:00:00Z', '2026-03-29T00:00:00Z'),
      slotReserved('room', '2026-03-29', { kind: 'booking', id: 'b1' }, '2026-03-29T09:00:00Z', '2026-03-29T10:15:00Z'),
      slotReserved('room', '2026-03-29', { kind: 'blackout', id: 'bo1' }, '2026-03-29T14:00:00Z', '2026-03-29T15:00:00Z'),
      slotReserved('room', '2026-03-30', { kind: 'booking', id: 'b2' }, '2026-03-30T09:00:00Z', '2026-03-30T10:00:00Z'),
    );
    await kit.project();
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('splits a 23-hour DST day into busy, closed and free (opening hours in local time)', async () => {
    // Sunday 29 March 2026, Berlin: clocks go from 02:00 CET to 03:00 CEST; 08:00–18:00 local is 06:00–16:00Z.
    const day = await getSpaceAvailability(kit.pool, kit.schema, 'room', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z');
    expect(day).toEqual({
      spaceId: 'room',
      timeZone: 'Europe/Berlin',
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
      busy: [
        { start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T00:00:00.000Z', kind: 'booking' },
        { start: '2026-03-29T09:00:00.000Z', end: '2026-03-29T10:15:00.000Z', kind: 'booking' },
        { start: '2026-03-29T14:00:00.000Z', end: '2026-03-29T15:00:00.000Z', kind: 'blackout' },
      ],
      closed: [
        { start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T06:00:00.000Z' },
        { start: '2026-03-29T16:00:00.000Z', end: '2026-03-29T22:00:00.000Z' },
      ],
      free: [
        { start: '2026-03-29T06:00:00.000Z', end: '2026-03-29T09:00:00.000Z' },
        { start: '2026-03-29T10:15:00.000Z', end: '2026-03-29T14:00:00.000Z' },
        { start: '2026-03-29T15:00:00.000Z', end: '2026-03-29T16:00:00.000Z' },
      ],
    });
  });

  it('uses the summer offset on the day after the change', async () => {
    const day = await getSpaceAvailability(kit.pool, kit.schema, 'room', '2026-03-29T22:00:00Z', '2026-03-30T22:00:00Z');
    expect(day!.free).toEqual([
      { start: '2026-03-30T06:00:00.000Z', end: '2026-03-30T09:00:00.000Z' },
      { start: '2026-03-30T10:00:00.000Z', end: '2026-03-30T16:00:00.000Z' },
    ]);
  });

  it('returns null for an unknown space', async () => {
    expect(await getSpaceAvailability(kit.pool, kit.schema, 'nope', '2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z')).toBeNull();
  });
});
