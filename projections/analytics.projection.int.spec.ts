import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsAvailabilityProjection } from './analytics-availability.projection.js';
import { analyticsBookingsProjection } from './analytics-bookings.projection.js';
import { bookingFact, bookingRequested, createReadModelKit, policy, resourceCreated, siteRegistered, spaceCreated, type Fact, type ReadModelKit } from './projection-test-kit.js';
import { rebuildReadModel } from './rebuild.js';

const change = (id: string, placement: number, start: string, end: string, resources: unknown[] = []) =>
  bookingFact(id, 'BookingChangeRequested', { placement, start, end, holdUntil: end, participants: 2, resources, buckets: [], reservations: [], purpose: 'moved', requestedBy: 'user-1' });

/** Every path a booking can take, for booking i on room-a (Berlin, 2026-02). */
function story(i: number): Fact[] {
  const id = `s-${i}`;
  const day = `2026-02-${String(2 + (i % 20)).padStart(2, '0')}`;
  const start = `${day}T${String(8 + (i % 8)).padStart(2, '0')}:15:00Z`;
  const end = `${day}T${String(9 + (i % 8)).padStart(2, '0')}:45:00Z`;
  const facts: Fact[] = [bookingRequested(id, 'room-a', start, end, { resources: i % 2 === 0 ? [{ resourceId: 'beamer', quantity: 1 + (i % 3) }] : [] })];
  switch (i % 7) {
    case 0:
      return [...facts, bookingFact(id, 'BookingRejected', { reason: 'conflict', rejectedBy: 'system', comment: '', conflicts: [] })];
    case 1:
      return [...facts, bookingFact(id, 'BookingConfirmed', { placement: 1 }), bookingFact(id, 'BookingCancelled', { cancelledBy: 'user-1', reason: 'x', override: false })];
    case 2:
      return [...facts, bookingFact(id, 'BookingConfirmed', { placement: 1 }), bookingFact(id, 'BookingCheckedIn', { checkedInBy: 'user-1', at: `${day}T${String(8 + (i % 8)).padStart(2, '0')}:40:00Z` }), bookingFact(id, 'BookingCompleted')];
    case 3:
      return [...facts, bookingFact(id, 'BookingConfirmed', { placement: 1 }), change(id, 2, `${day}T18:00:00Z`, `${day}T19:30:00Z`, [{ resourceId: 'beamer', quantity: 2 }]), bookingFact(id, 'BookingChanged', { placement: 2 })];
    case 4:
      return [...facts, bookingFact(id, 'BookingConfirmed', { placement: 1 }), change(id, 2, `${day}T20:00:00Z`, `${day}T21:00:00Z`), bookingFact(id, 'BookingChangeRejected', { placement: 2, reason: 'conflict', conflicts: [] })];
    case 5:
      return [...facts, bookingFact(id, 'BookingConfirmed', { placement: 1 }), bookingFact(id, 'BookingMarkedNoShow', { markedBy: 'staff-1' })];
    default:
      return [...facts, bookingFact(id, 'BookingSubmittedForApproval', { placement: 1 }), bookingFact(id, 'BookingApproved', { approvedBy: 'm', comment: '' })];
  }
}

describe('analytics projections', () => {
  let kit: ReadModelKit;
  const usage = async (targetId: string) =>
    (await kit.pool.query(`SELECT to_char(hour_start AT TIME ZONE 'UTC', 'MM-DD"T"HH24') AS hour, local_hour, booked_seconds::int / 60 AS booked, checked_in_seconds::int / 60 AS checked_in, bookings
                             FROM rm.usage_hourly WHERE target_id = $1 ORDER BY hour_start`, [targetId])).rows;

  beforeAll(async () => {
    kit = await createReadModelKit('proj_analytics');
    await kit.record(siteRegistered('berlin'), spaceCreated('room-a', 'berlin'), resourceCreated('beamer', 'berlin'));
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('adds a booking to the hours it fills when it is confirmed, moves it with a change and takes it out when cancelled', async () => {
    await kit.record(bookingRequested('u1', 'room-a', '2026-03-02T09:30:00Z', '2026-03-02T11:00:00Z', { resources: [{ resourceId: 'beamer', quantity: 2 }] }));
    await kit.project();
    expect(await usage('room-a')).toEqual([]);

    await kit.record(bookingFact('u1', 'BookingConfirmed', { placement: 1 }));
    await kit.project();
    // Berlin is UTC+1 in March before the change: 09:30Z is 10:30 local.
    expect(await usage('room-a')).toEqual([
      { hour: '03-02T09', local_hour: 10, booked: 30, checked_in: 0, bookings: 1 },
      { hour: '03-02T10', local_hour: 11, booked: 60, checked_in: 0, bookings: 1 },
    ]);
    expect(await usage('beamer')).toEqual([
      { hour: '03-02T09', local_hour: 10, booked: 60, checked_in: 0, bookings: 1 },
      { hour: '03-02T10', local_hour: 11, booked: 120, checked_in: 0, bookings: 1 },
    ]);

    await kit.record(change('u1', 2, '2026-03-02T13:00:00Z', '2026-03-02T14:00:00Z'), bookingFact('u1', 'BookingChanged', { placement: 2 }));
    await kit.project();
    expect(await usage('room-a')).toEqual([{ hour: '03-02T13', local_hour: 14, booked: 60, checked_in: 0, bookings: 1 }]);
    expect(await usage('beamer')).toEqual([]);

    await kit.record(bookingFact('u1', 'BookingCancelled', { cancelledBy: 'user-1', reason: 'x', override: false }));
    await kit.project();
    expect(await usage('room-a')).toEqual([]);
    const { rows } = await kit.pool.query(`SELECT status, placements, changes, cancelled_by, start_at FROM rm.booking_facts WHERE booking_id = 'u1'`);
    expect(rows).toEqual([{ status: 'cancelled', placements: 2, changes: 1, cancelled_by: 'user-1', start_at: new Date('2026-03-02T13:00:00Z') }]);
  });

  it('records what was offered over time: opening hours versions, stock changes, retirement', async () => {
    await kit.record(
      spaceCreated('room-v', 'berlin'),
      { stream: 'space-room-v', type: 'SpacePolicyChanged', data: { spaceId: 'room-v', policy: policy({ openingHours: null }) }, at: '2026-01-10T00:00:00.000Z' },
      { stream: 'space-room-v', type: 'SpacePolicyChanged', data: { spaceId: 'room-v', policy: policy({ openingHours: null, slotMinutes: 30 }) }, at: '2026-01-11T00:00:00.000Z' },
      { stream: 'space-room-v', type: 'SpaceRetired', data: { spaceId: 'room-v' }, at: '2026-01-12T00:00:00.000Z' },
      { stream: 'resource-beamer', type: 'ResourceUpdated', data: { resourceId: 'beamer', quantity: 7 }, at: '2026-01-09T00:00:00.000Z' },
      { stream: 'resource-beamer', type: 'ResourceUpdated', data: { resourceId: 'beamer', name: 'Beamer' }, at: '2026-01-09T01:00:00.000Z' },
    );
    await kit.project();
    const { rows } = await kit.pool.query(
      `SELECT target_id, revision, valid_from IS NOT NULL AS has_from, valid_to, always_open, quantity FROM rm.availability_versions WHERE target_id IN ('room-v', 'beamer') ORDER BY target_id, revision`,
    );
    expect(rows).toEqual([
      { target_id: 'beamer', revision: 0, has_from: true, valid_to: new Date('2026-01-09T00:00:00Z'), always_open: true, quantity: 5 },
      { target_id: 'beamer', revision: 1, has_from: true, valid_to: null, always_open: true, quantity: 7 },
      // Only a change of opening hours starts a version (slotMinutes does not); retirement ends the last.
      { target_id: 'room-v', revision: 0, has_from: true, valid_to: new Date('2026-01-10T00:00:00Z'), always_open: false, quantity: 1 },
      { target_id: 'room-v', revision: 1, has_from: true, valid_to: new Date('2026-01-12T00:00:00Z'), always_open: true, quantity: 1 },
    ]);
  });

  it('rebuilds every analytics read model from position zero equal to the live one', async () => {
    // Live: applied in many small batches, with every path a booking can take.
    for (let i = 0; i < 60; i += 6) {
      await kit.record(...Array.from({ length: 6 }, (_, k) => story(i + k)).flat());
      await kit.project();
    }
    const counts = (await kit.pool.query(`SELECT (SELECT count(*) FROM rm.booking_facts)::int AS facts, (SELECT count(*) FROM rm.usage_hourly)::int AS usage, (SELECT count(*) FROM rm.unmet_demand)::int AS unmet`)).rows[0];
    expect(counts.facts).toBeGreaterThan(60);
    expect(counts.usage).toBeGreaterThan(50);
    expect(counts.unmet).toBe(9 + 8); // i % 7 === 0 (9 of 0..59) rejected, i % 7 === 4 (8) change rejected
    for (const projection of [analyticsBookingsProjection, analyticsAvailabilityProjection]) {
      const report = await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: projection.name, batchSize: 7 });
      expect(report.differences).toEqual([]);
      expect(report.equal).toBe(true);
    }
  });
});
