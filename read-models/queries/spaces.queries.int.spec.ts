import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelKit, policy, siteRegistered, slotReserved, spaceCreated, weekdaysAndWeekends, type Fact, type ReadModelKit } from '../../projections/projection-test-kit.js';
import { isWithinOpeningHours, openIntervals } from '../../src/booking/domain/opening-hours.js';
import type { BookingPolicy } from '../../src/catalog/domain/catalog.types.js';
import { createPrng } from '../../src/demo/prng.js';
import { DAY, MINUTE, toIso, type TimeRange } from '../../src/shared/domain/time-range.js';
import { localDate, nextDate, offsetAt, zonedToInstant } from '../../src/shared/domain/time-zone.js';
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

describe('free spaces and opening hours', () => {
  let kit: ReadModelKit;
  const hours = (...windows: [open: number, close: number][]) => windows.map(([open, close]) => ({ open, close }));
  const everyDay = (...windows: [number, number][]): BookingPolicy['openingHours'] =>
    Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, hours(...windows)]));

  /** Weekly patterns worth telling apart: edges at midnight and inside DST gaps and overlaps (01:15, 02:15), split and touching windows, none. */
  const PATTERNS: Record<string, BookingPolicy['openingHours']> = {
    daily: weekdaysAndWeekends(480, 1200),
    office: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, hours([480, 1200])])),
    night: everyDay([0, 240], [1080, 1440]),
    odd: everyDay([0, 75], [135, 1410]),
    split: { tue: hours([690, 870], [1050, 1380]), wed: hours([690, 870], [1050, 1380]), sat: hours([690, 870], [1050, 1380]), sun: hours([600, 1440]) },
    touching: everyDay([480, 720], [720, 1200]),
    always: null,
    never: {},
  };
  const ZONES = ['Europe/Lisbon', 'Asia/Tokyo', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'];
  const spaces = ZONES.flatMap((timeZone, z) => Object.entries(PATTERNS).map(([pattern, openingHours]) => ({ id: `z${z}-${pattern}`, siteId: `site-${z}`, timeZone, openingHours })));
  const lisbon = (pattern: string) => `z0-${pattern}`;
  const tokyo = (pattern: string) => `z1-${pattern}`;
  // One booking, so "free" still means unheld too.
  const booked = { spaceId: lisbon('split'), start: Date.parse('2026-06-03T12:00:00Z'), end: Date.parse('2026-06-03T13:00:00Z') };

  beforeAll(async () => {
    kit = await createReadModelKit('rm_open');
    const facts: Fact[] = ZONES.map((timeZone, z) => siteRegistered(`site-${z}`, { city: timeZone, timeZone }));
    for (const s of spaces) facts.push(spaceCreated(s.id, s.siteId, { name: s.id, timeZone: s.timeZone, policy: policy({ openingHours: s.openingHours }) }));
    facts.push(slotReserved(booked.spaceId, '2026-06-03', { kind: 'booking', id: 'b1' }, toIso(booked.start), toIso(booked.end)));
    await kit.record(...facts);
    await kit.project();
  });
  afterAll(async () => {
    await kit?.close();
  });

  const free = async (freeFrom: string, freeTo: string, filter: SpaceFilter = {}) =>
    (await listSpaces(kit.pool, kit.schema, { freeFrom, freeTo, limit: 500, ...filter })).items.map((s) => s.id).sort();
  const inLisbon = (freeFrom: string, freeTo: string) => free(freeFrom, freeTo, { siteId: 'site-0' });

  it('lists a space open 08:00–20:00 only for windows inside those local hours (Lisbon, summer time: UTC+1)', async () => {
    expect(await inLisbon('2026-06-01T06:00:00Z', '2026-06-01T07:00:00Z')).not.toContain(lisbon('daily')); // Monday 07:00–08:00
    expect(await inLisbon('2026-06-01T08:00:00Z', '2026-06-01T09:00:00Z')).toContain(lisbon('daily')); // 09:00–10:00
    expect(await inLisbon('2026-06-01T18:30:00Z', '2026-06-01T19:30:00Z')).not.toContain(lisbon('daily')); // 19:30–20:30
    // Opening hours null: always open. None on any day: never.
    expect(await inLisbon('2026-06-01T01:00:00Z', '2026-06-01T02:00:00Z')).toEqual([lisbon('always'), lisbon('night')]);
    // Two windows that touch are one: 08:00–20:00 throughout.
    expect(await inLisbon('2026-06-01T07:00:00Z', '2026-06-01T19:00:00Z')).toEqual([lisbon('always'), lisbon('daily'), lisbon('odd'), lisbon('office'), lisbon('touching')]);
    // Across midnight only where both days are open (Monday 22:00 to Tuesday 02:00); over days only when open throughout.
    expect(await inLisbon('2026-06-01T21:00:00Z', '2026-06-02T01:00:00Z')).toEqual([lisbon('always'), lisbon('night')]);
    expect(await inLisbon('2026-06-01T07:00:00Z', '2026-06-04T07:00:00Z')).toEqual([lisbon('always')]);
  });

  it("reads one instant in each space's own time zone", async () => {
    const lisbonOrTokyo = async (from: string, to: string) => (await free(from, to)).filter((id) => id === lisbon('daily') || id === tokyo('daily'));
    expect(await lisbonOrTokyo('2026-06-01T00:00:00Z', '2026-06-01T01:00:00Z')).toEqual([tokyo('daily')]); // Lisbon 01:00, Tokyo 09:00
    expect(await lisbonOrTokyo('2026-06-01T08:00:00Z', '2026-06-01T09:00:00Z')).toEqual([lisbon('daily'), tokyo('daily')]); // 09:00 and 17:00
    expect(await lisbonOrTokyo('2026-06-01T11:30:00Z', '2026-06-01T12:30:00Z')).toEqual([lisbon('daily')]); // 12:30 and 20:30
  });

  it("follows each day's own offset on the days the clocks change", async () => {
    // Sunday 29 March 2026, Lisbon: 01:00 WET becomes 02:00 WEST, so 08:00 is 07:00Z (08:00Z the day before).
    expect(await inLisbon('2026-03-28T07:00:00Z', '2026-03-28T08:00:00Z')).not.toContain(lisbon('daily'));
    expect(await inLisbon('2026-03-29T07:00:00Z', '2026-03-29T08:00:00Z')).toContain(lisbon('daily'));
    expect(await inLisbon('2026-03-29T06:30:00Z', '2026-03-29T07:30:00Z')).not.toContain(lisbon('daily'));
    // Open 18:00–04:00: Saturday 22:00 WET to Sunday 04:00 WEST is five real hours, open throughout; half an hour more is not.
    expect(await inLisbon('2026-03-28T22:00:00Z', '2026-03-29T03:00:00Z')).toContain(lisbon('night'));
    expect(await inLisbon('2026-03-28T22:00:00Z', '2026-03-29T03:30:00Z')).not.toContain(lisbon('night'));
    // Sunday 25 October 2026: 02:00 WEST becomes 01:00 WET, so 20:00 is 20:00Z (19:00Z the day before).
    expect(await inLisbon('2026-10-24T19:00:00Z', '2026-10-24T20:00:00Z')).not.toContain(lisbon('daily'));
    expect(await inLisbon('2026-10-25T19:00:00Z', '2026-10-25T20:00:00Z')).toContain(lisbon('daily'));
    expect(await inLisbon('2026-10-24T23:00:00Z', '2026-10-25T04:00:00Z')).toContain(lisbon('night')); // Sunday 00:00 WEST to 04:00 WET
  });

  it('counts and pages only the spaces open and unheld throughout', async () => {
    // Wednesday 3 June 2026, 13:00–14:00 in Lisbon, when the split space is booked.
    const window = { freeFrom: toIso(booked.start), freeTo: toIso(booked.end), siteId: 'site-0' };
    const open = [lisbon('always'), lisbon('daily'), lisbon('odd'), lisbon('office'), lisbon('touching')];
    expect(await free(window.freeFrom, window.freeTo, window)).toEqual(open);
    const first = await listSpaces(kit.pool, kit.schema, { ...window, limit: 3 });
    const rest = await listSpaces(kit.pool, kit.schema, { ...window, limit: 3, offset: 3 });
    expect([first.total, rest.total]).toEqual([5, 5]);
    expect([...first.items, ...rest.items].map((s) => s.id)).toEqual(open);
  });

  /** Where and when one of the zones changes its UTC offset in 2026 (to the minute). */
  function offsetChanges(): { zone: string; at: number }[] {
    const changes: { zone: string; at: number }[] = [];
    for (const zone of ZONES) {
      for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += DAY) {
        const before = offsetAt(day, zone);
        if (before === offsetAt(day + DAY, zone)) continue;
        let at = day + MINUTE;
        while (offsetAt(at, zone) === before) at += MINUTE;
        changes.push({ zone, at });
      }
    }
    return changes;
  }

  /**
   * Windows that start and end near the patterns' edges in local time, on the days around each
   * change of offset (a wrong offset or a wrong day then shows), some over several days or not on
   * whole minutes; and a fifth anywhere in the year.
   */
  function windows(): TimeRange[] {
    const rng = createPrng('opening-hours-search');
    const changes = offsetChanges();
    const edges = [0, 75, 135, 240, 480, 690, 720, 870, 1050, 1080, 1200, 1380, 1410, 1440];
    const near = () => rng.pick(edges) + rng.pick([-60, -30, -15, 0, 0, 0, 15, 30, 60]);
    return Array.from({ length: 200 }, (_, i) => {
      if (i % 5 === 0) {
        const start = Date.UTC(2026, 0, 1) + rng.int(0, 364 * 96) * 15 * MINUTE;
        return { start, end: start + rng.pick([15, 60, 150, 26 * 60, 8 * 24 * 60]) * MINUTE };
      }
      const { zone, at } = rng.pick(changes);
      let date = localDate(at + rng.int(-2, 1) * DAY, zone);
      const start = zonedToInstant(date, near(), zone) + (rng.chance(0.1) ? 30_000 : 0);
      for (let days = rng.pick([0, 0, 0, 1, 1, 2]); days > 0; days--) date = nextDate(date);
      const end = zonedToInstant(date, near(), zone);
      return { start, end: end > start ? end : start + rng.pick([15, 60, 150]) * MINUTE };
    });
  }

  it("agrees with the booking command's rule (isWithinOpeningHours) on every space, near clock changes and far from them", async () => {
    const disagreements: string[] = [];
    for (const w of windows()) {
      const held = (id: string) => id === booked.spaceId && w.start < booked.end && booked.start < w.end;
      const expected = spaces.filter((s) => isWithinOpeningHours(s.openingHours, s.timeZone, w) && !held(s.id)).map((s) => s.id).sort();
      const listed = await free(toIso(w.start), toIso(w.end));
      if (JSON.stringify(listed) !== JSON.stringify(expected)) disagreements.push(`${toIso(w.start)}–${toIso(w.end)}: listed ${listed}, open by the rule ${expected}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('turns opening hours into the same open intervals as the domain (openIntervals) near clock changes', async () => {
    const disagreements: string[] = [];
    for (const w of windows().filter((_, i) => i % 5 !== 0)) {
      const { rows } = await kit.pool.query<{ id: string; open_at: Date; close_at: Date }>(
        'SELECT sp.id, i.open_at, i.close_at FROM rm.spaces sp CROSS JOIN LATERAL rm.open_intervals(sp.open_week, sp.time_zone, $1, $2) i ORDER BY sp.id, i.open_at',
        [toIso(w.start), toIso(w.end)],
      );
      for (const s of spaces) {
        const merged: TimeRange[] = [];
        for (const r of rows.filter((row) => row.id === s.id)) {
          const last = merged.at(-1);
          if (last && last.end >= r.open_at.getTime()) last.end = Math.max(last.end, r.close_at.getTime());
          else merged.push({ start: r.open_at.getTime(), end: r.close_at.getTime() });
        }
        const domain = openIntervals(s.openingHours, s.timeZone, w.start, w.end);
        if (JSON.stringify(merged) !== JSON.stringify(domain)) disagreements.push(`${s.id} ${toIso(w.start)}–${toIso(w.end)}: ${JSON.stringify(merged)}, domain ${JSON.stringify(domain)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
