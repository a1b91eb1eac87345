import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookingFact, bookingRequested, createReadModelKit, policy, resourceCreated, siteRegistered, spaceCreated, type Fact, type ReadModelKit,
} from '../../../projections/projection-test-kit.js';
import type { AnalyticsQueries } from '../application/analytics-queries.js';
import { createPostgresAnalyticsQueries } from './postgres-analytics-queries.js';

/**
 * A Lisbon site across both daylight-saving changes of 2026 (29 March 01:00Z: WET → WEST, 25
 * October 01:00Z: WEST → WET). Every expected figure below is worked out by hand in the comments.
 */
const LISBON = 'Europe/Lisbon';
const lx = { siteId: 'lx', timeZone: LISBON };

const booking = (id: string, spaceId: string, start: string, end: string, at: string, extra: Partial<Parameters<typeof bookingRequested>[4]> = {}): Fact => ({
  ...bookingRequested(id, spaceId, start, end, { ...lx, bookerId: `booker-${id}`, ...extra }),
  at,
});
const step = (id: string, type: string, at: string, data: Record<string, unknown> = {}, actor?: string) => bookingFact(id, type, data, { at, actor });
const blackout = (id: string, type: string, data: Record<string, unknown> = {}): Fact => ({ stream: `blackout-${id}`, type, data: { blackoutId: id, ...data } });

describe('analytics queries (PostgreSQL)', () => {
  let kit: ReadModelKit;
  let analytics: AnalyticsQueries;

  beforeAll(async () => {
    kit = await createReadModelKit('analytics_queries');
    analytics = createPostgresAnalyticsQueries(kit.pool, kit.schema);
    await kit.record(
      siteRegistered('lx', { timeZone: LISBON, city: 'Lisbon' }),
      // Room: Sat 08:00–20:00, Sun 00:00–12:00, Mon 08:00–18:00 local; closed otherwise.
      spaceCreated('room', 'lx', { timeZone: LISBON, name: 'Tejo', policy: policy({ openingHours: { sat: [{ open: 480, close: 1200 }], sun: [{ open: 0, close: 720 }], mon: [{ open: 480, close: 1080 }] } }) }),
      spaceCreated('hall', 'lx', { timeZone: LISBON, name: 'Alfama', policy: policy({ openingHours: null }) }),
      resourceCreated('chairs', 'lx', { timeZone: LISBON, quantity: 4 }),
      // Monday 30 March 10:00–11:00 local (09:00Z–10:00Z) the room is blacked out.
      blackout('bo1', 'BlackoutRequested', {
        siteId: 'lx', timeZone: LISBON, target: { kind: 'space', spaceId: 'room' }, start: '2026-03-30T09:00:00Z', end: '2026-03-30T10:00:00Z',
        reason: 'painting', placement: 1, buckets: [], reservations: [],
      }),
      blackout('bo1', 'BlackoutDeclared'),
      // b1: Sun 29 00:30 WET (00:30Z) – 03:30 WEST (02:30Z): 120 real minutes; checked in 01:30Z (02:30 WEST) → 60 used.
      booking('b1', 'room', '2026-03-29T00:30:00Z', '2026-03-29T02:30:00Z', '2026-03-22T00:30:00Z'),
      step('b1', 'BookingConfirmed', '2026-03-22T00:30:01Z', { placement: 1 }),
      step('b1', 'BookingCheckedIn', '2026-03-29T01:30:00Z', { checkedInBy: 'booker-b1', at: '2026-03-29T01:30:00Z' }),
      step('b1', 'BookingCompleted', '2026-03-29T02:30:00Z', {}, 'system'),
      // b2: Sat 28 09:00–11:00 (WET = UTC): 120 booked, nobody came. A change to 12:00–13:00 is turned down.
      booking('b2', 'room', '2026-03-28T09:00:00Z', '2026-03-28T11:00:00Z', '2026-03-27T09:00:00Z'),
      step('b2', 'BookingConfirmed', '2026-03-27T09:00:01Z', { placement: 1 }),
      step('b2', 'BookingChangeRequested', '2026-03-27T10:00:00Z', {
        placement: 2, start: '2026-03-28T12:00:00Z', end: '2026-03-28T13:00:00Z', holdUntil: '2026-03-28T13:00:00Z', participants: 3, resources: [],
        buckets: [], reservations: [], purpose: 'moved', requestedBy: 'booker-b2',
      }),
      step('b2', 'BookingChangeRejected', '2026-03-27T10:00:01Z', { placement: 2, reason: 'conflict', conflicts: [] }),
      step('b2', 'BookingMarkedNoShow', '2026-03-28T09:20:00Z', { markedBy: 'staff-1' }, 'staff-1'),
      // b3: Mon 30 08:00–09:00 WEST (07:00Z–08:00Z), cancelled 30 minutes before start (deadline 60): late, not booked.
      booking('b3', 'room', '2026-03-30T07:00:00Z', '2026-03-30T08:00:00Z', '2026-03-30T05:00:00Z'),
      step('b3', 'BookingConfirmed', '2026-03-30T05:00:01Z', { placement: 1 }),
      step('b3', 'BookingCancelled', '2026-03-30T06:30:00Z', { cancelledBy: 'booker-b3', reason: 'ill', override: true }),
      // b4: Mon 30 14:00–16:00 WEST (13:00Z–15:00Z), 2 chairs; checked in 13:10Z → 110 used.
      booking('b4', 'room', '2026-03-30T13:00:00Z', '2026-03-30T15:00:00Z', '2026-03-16T13:00:00Z', { resources: [{ resourceId: 'chairs', quantity: 2 }] }),
      step('b4', 'BookingConfirmed', '2026-03-16T13:00:01Z', { placement: 1 }),
      step('b4', 'BookingCheckedIn', '2026-03-30T13:10:00Z', { checkedInBy: 'booker-b4', at: '2026-03-30T13:10:00Z' }),
      step('b4', 'BookingCompleted', '2026-03-30T15:00:00Z', {}, 'system'),
      // b5: wanted Mon 30 14:00–15:00 too: rejected for the conflict with b4.
      booking('b5', 'room', '2026-03-30T13:00:00Z', '2026-03-30T14:00:00Z', '2026-03-20T08:00:00Z'),
      step('b5', 'BookingRejected', '2026-03-20T08:00:01Z', {
        reason: 'conflict', rejectedBy: 'system', comment: '', conflicts: [{ targetId: 'room', start: '2026-03-30T13:00:00Z', end: '2026-03-30T15:00:00Z', holderKind: 'booking', holderId: 'b4' }],
      }),
      // b6: pending approval — holds nothing yet for utilisation.
      booking('b6', 'room', '2026-03-28T14:00:00Z', '2026-03-28T15:00:00Z', '2026-03-25T08:00:00Z', { approvalRequired: true }),
      step('b6', 'BookingSubmittedForApproval', '2026-03-25T08:00:01Z', { placement: 1 }),
      // h1: the always-open hall, Sun 25 October 00:30 WEST (23:30Z on the 24th) – 01:30 WET (01:30Z): 120 real minutes over
      // local 00:00, the first 01:00 and the repeated 01:00; 2 chairs.
      booking('h1', 'hall', '2026-10-24T23:30:00Z', '2026-10-25T01:30:00Z', '2026-10-01T10:00:00Z', { resources: [{ resourceId: 'chairs', quantity: 2 }] }),
      step('h1', 'BookingConfirmed', '2026-10-01T10:00:01Z', { placement: 1 }),
    );
    await kit.project();
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('measures utilisation per local day across the spring-forward change, against opening hours minus blackouts', async () => {
    const rows = await analytics.utilisation({ targetKind: 'space', targetIds: ['room'], from: '2026-03-28', to: '2026-03-31', granularity: 'day' });
    expect(rows.map((r) => [r.bucketStart, r.bucketStartAt, r.bookedMinutes, r.checkedInMinutes, r.availableMinutes])).toEqual([
      ['2026-03-28T00:00', '2026-03-28T00:00:00.000Z', 120, 0, 720], // Sat 08–20
      ['2026-03-29T00:00', '2026-03-29T00:00:00.000Z', 120, 60, 660], // Sun 00:00 WET – 12:00 WEST = 11 h
      ['2026-03-30T00:00', '2026-03-29T23:00:00.000Z', 120, 110, 540], // Mon 08–18 minus the blackout hour
    ]);
    expect(rows[1]!.utilisation).toBeCloseTo(120 / 660, 10);
    expect(rows[2]!.usedUtilisation).toBeCloseTo(110 / 540, 10);

    const [total] = await analytics.utilisation({ targetKind: 'space', targetIds: ['room'], from: '2026-03-28', to: '2026-03-31', granularity: 'total' });
    expect(total).toMatchObject({ bookedMinutes: 360, checkedInMinutes: 170, availableMinutes: 1920, utilisation: 360 / 1920, bucketStart: '2026-03-28T00:00' });
  });

  it('has no local 01:00 on the spring-forward Sunday and two on the fall-back Sunday', async () => {
    const spring = await analytics.utilisation({ targetKind: 'space', targetIds: ['room'], from: '2026-03-29', to: '2026-03-30', granularity: 'hour' });
    expect(spring).toHaveLength(23);
    expect(spring.slice(0, 4).map((r) => [r.bucketStart, r.bookedMinutes, r.checkedInMinutes, r.availableMinutes])).toEqual([
      ['2026-03-29T00:00', 30, 0, 60],
      ['2026-03-29T02:00', 60, 30, 60],
      ['2026-03-29T03:00', 30, 30, 60],
      ['2026-03-29T04:00', 0, 0, 60],
    ]);
    expect(spring.find((r) => r.bucketStart === '2026-03-29T12:00')).toMatchObject({ availableMinutes: 0, utilisation: null });

    const autumn = await analytics.utilisation({ targetKind: 'space', targetIds: ['hall'], from: '2026-10-25', to: '2026-10-26', granularity: 'hour' });
    expect(autumn).toHaveLength(25);
    expect(autumn.slice(0, 3).map((r) => [r.bucketStart, r.bucketStartAt, r.bookedMinutes, r.availableMinutes])).toEqual([
      ['2026-10-25T00:00', '2026-10-24T23:00:00.000Z', 30, 60],
      ['2026-10-25T01:00', '2026-10-25T00:00:00.000Z', 60, 60],
      ['2026-10-25T01:00', '2026-10-25T01:00:00.000Z', 30, 60],
    ]);
    const [day] = await analytics.utilisation({ targetKind: 'space', targetIds: ['hall'], from: '2026-10-25', to: '2026-10-26', granularity: 'day' });
    expect(day).toMatchObject({ bookedMinutes: 120, availableMinutes: 1500 });
  });

  it('measures pooled resources in quantity × minutes against the stock', async () => {
    const rows = await analytics.utilisation({ targetKind: 'resource', siteId: 'lx', from: '2026-10-25', to: '2026-10-26', granularity: 'day' });
    // 2 chairs × 120 minutes of a 25-hour day with 4 chairs.
    expect(rows).toEqual([expect.objectContaining({ targetId: 'chairs', bookedMinutes: 240, availableMinutes: 4 * 1500, utilisation: 240 / 6000 })]);
    const [march] = await analytics.utilisation({ targetKind: 'resource', targetIds: ['chairs'], from: '2026-03-30', to: '2026-03-31', granularity: 'total' });
    expect(march).toMatchObject({ bookedMinutes: 240, checkedInMinutes: 220 });
  });

  it('gives no-show and cancellation rates and lead time per space, site or booker', async () => {
    const [room] = await analytics.rates({ siteId: 'lx', from: '2026-03-28', to: '2026-03-31' });
    // b1 completed, b2 no-show, b3 cancelled late, b4 completed, b6 pending; b5 (rejected) is unmet demand, not a booking.
    expect(room).toMatchObject({
      groupBy: 'space', key: 'room', bookings: 5, cancelled: 1, lateCancelled: 1, noShows: 1, checkedIn: 2,
      cancellationRate: 1 / 5, lateCancellationRate: 1 / 5, noShowRate: 1 / 4, bookedMinutes: 360,
    });
    // Leads: b3 120, b2 1,440, b6 4,680 (Mar 25 08:00 → Mar 28 14:00 = 78 h), b1 10,080, b4 20,160 minutes.
    expect(room!.leadTimeMinutes).toEqual({ median: 4680, mean: (120 + 1440 + 4680 + 10080 + 20160) / 5 });
    expect(await analytics.rates({ bookerId: 'booker-b2', groupBy: 'booker', from: '2026-03-01', to: '2026-04-01' })).toEqual([
      expect.objectContaining({ key: 'booker-b2', bookings: 1, noShows: 1, noShowRate: 1, cancellationRate: 0 }),
    ]);
    expect(await analytics.rates({ siteId: 'lx', groupBy: 'site', from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' })).toEqual([
      expect.objectContaining({ key: 'lx', bookings: 6 }),
    ]);
  });

  it('keeps rejected requests and rejected changes as unmet demand, with the wished interval', async () => {
    const page = await analytics.unmetDemand({ siteId: 'lx', from: '2026-03-28', to: '2026-03-31' });
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((u) => [u.kind, u.reason, u.bookingId, u.wishedStart, u.wishedEnd, u.wishedLocalStart, u.requestedAt, u.rejectedAt])).toEqual([
      ['change_rejected', 'conflict', 'b2', '2026-03-28T12:00:00.000Z', '2026-03-28T13:00:00.000Z', '2026-03-28T12:00', '2026-03-27T10:00:00.000Z', '2026-03-27T10:00:01.000Z'],
      ['request_rejected', 'conflict', 'b5', '2026-03-30T13:00:00.000Z', '2026-03-30T14:00:00.000Z', '2026-03-30T14:00', '2026-03-20T08:00:00.000Z', '2026-03-20T08:00:01.000Z'],
    ]);
    expect(page.items[1]!.conflicts).toEqual([expect.objectContaining({ holderId: 'b4' })]);
    const first = await analytics.unmetDemand({ siteId: 'lx', from: '2026-03-28', to: '2026-03-31', limit: 1 });
    const second = await analytics.unmetDemand({ siteId: 'lx', from: '2026-03-28', to: '2026-03-31', limit: 1, cursor: first.nextCursor });
    expect([first.items[0]!.bookingId, second.items[0]!.bookingId]).toEqual(['b2', 'b5']);
    expect(await analytics.unmetDemand({ siteId: 'lx', from: '2026-03-28', to: '2026-03-31', kinds: ['request_rejected'] })).toMatchObject({ items: [{ bookingId: 'b5' }] });
  });

  it('lists booking facts by start, a page at a time', async () => {
    const page = await analytics.bookingFacts({ siteId: 'lx', from: '2026-03-28', to: '2026-03-31', limit: 3 });
    expect(page.items.map((f) => f.bookingId)).toEqual(['b2', 'b6', 'b1']);
    const rest = await analytics.bookingFacts({ siteId: 'lx', from: '2026-03-28', to: '2026-03-31', limit: 3, cursor: page.nextCursor });
    expect(rest.items.map((f) => f.bookingId)).toEqual(['b3', 'b4', 'b5']);
    expect(rest.items[0]).toMatchObject({
      status: 'cancelled', localStart: '2026-03-30T08:00', leadMinutes: 120, cancelledBy: 'booker-b3', lateCancellation: true, cancelLeadMinutes: 30,
      requestedAt: '2026-03-30T05:00:00.000Z', confirmedAt: '2026-03-30T05:00:01.000Z',
    });
    expect(rest.items[1]).toMatchObject({ status: 'completed', checkedInMinutes: 110, checkedInAt: '2026-03-30T13:10:00.000Z', durationMinutes: 120 });
    expect(page.items[0]).toMatchObject({ status: 'no_show', noShowBy: 'staff-1', placements: 2, changes: 0 });
    await expect(analytics.bookingFacts({ from: '2026-03-28', to: '2026-03-31', cursor: 'nope' })).rejects.toThrow(/cursor/);
    await expect(analytics.bookingFacts({ from: '2026-03-31', to: '2026-03-28' })).rejects.toThrow(/after from/);
  });

  it('fills the weekday × hour heatmap, counting a repeated hour twice', async () => {
    const cells = await analytics.occupancyByWeekdayHour({ spaceIds: ['hall'], from: '2026-10-19', to: '2026-10-26' });
    expect(cells).toHaveLength(168);
    const sunday1 = cells.find((c) => c.isoWeekday === 7 && c.hour === 1)!;
    expect(sunday1).toMatchObject({ spaceId: null, bookedMinutes: 90, availableMinutes: 120, share: 90 / 120, openOccurrences: 2, busyOccurrences: 2 });
    expect(cells.find((c) => c.isoWeekday === 7 && c.hour === 0)).toMatchObject({ bookedMinutes: 30, availableMinutes: 60, openOccurrences: 1 });
    const perSpace = await analytics.occupancyByWeekdayHour({ siteId: 'lx', from: '2026-03-23', to: '2026-03-30', perSpace: true });
    expect(perSpace).toHaveLength(2 * 168);
    // The room on Saturday 28 March 09:00 and 10:00 (b2), closed before 08:00.
    const room = perSpace.filter((c) => c.spaceId === 'room');
    expect(room.find((c) => c.isoWeekday === 6 && c.hour === 9)).toMatchObject({ bookedMinutes: 60, availableMinutes: 60, share: 1, busyOccurrences: 1 });
    expect(room.find((c) => c.isoWeekday === 6 && c.hour === 7)).toMatchObject({ availableMinutes: 0, share: null, openOccurrences: 0 });
  });

  it('lists and counts the targets of a selection', async () => {
    expect((await analytics.targets({ targetKind: 'space', siteId: 'lx' })).map((t) => [t.targetId, t.name])).toEqual([['hall', 'Alfama'], ['room', 'Tejo']]);
    expect(await analytics.targetCount({ targetKind: 'resource', siteId: 'lx' })).toBe(1);
    expect(await analytics.targetCount({ targetKind: 'space', siteId: 'lx', targetIds: ['room', 'elsewhere'] })).toBe(1);
  });
});
