import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingFact, bookingRequested, createReadModelKit, type ReadModelKit } from '../../projections/projection-test-kit.js';
import { listBookings, type BookingFilter } from './bookings.queries.js';

describe('booking queries', () => {
  let kit: ReadModelKit;
  const ids = async (filter: BookingFilter) => (await listBookings(kit.pool, kit.schema, filter)).items.map((b) => b.id);

  beforeAll(async () => {
    kit = await createReadModelKit('rm_bookings');
    await kit.record(
      bookingRequested('b1', 'room-a', '2026-02-02T09:00:00Z', '2026-02-02T10:00:00Z', { bookerId: 'ann' }),
      bookingFact('b1', 'BookingConfirmed', { placement: 1 }),
      bookingRequested('b2', 'room-a', '2026-02-02T10:00:00Z', '2026-02-02T11:00:00Z', { bookerId: 'bob' }),
      bookingFact('b2', 'BookingConfirmed', { placement: 1 }),
      bookingRequested('b3', 'room-b', '2026-02-03T09:00:00Z', '2026-02-03T10:00:00Z', { bookerId: 'ann', siteId: 'lisbon' }),
      bookingFact('b3', 'BookingCancelled', { cancelledBy: 'ann', reason: '', override: false }),
    );
    await kit.project();
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('filters by booker, space, site, status and overlap with a period, ordered by start', async () => {
    expect(await ids({})).toEqual(['b1', 'b2', 'b3']);
    expect(await ids({ bookerId: 'ann' })).toEqual(['b1', 'b3']);
    expect(await ids({ spaceId: 'room-a' })).toEqual(['b1', 'b2']);
    expect(await ids({ siteId: 'lisbon' })).toEqual(['b3']);
    expect(await ids({ status: 'confirmed' })).toEqual(['b1', 'b2']);
    expect(await ids({ status: ['cancelled', 'rejected'] })).toEqual(['b3']);
    // Half-open: b1 ends when the period starts.
    expect(await ids({ from: '2026-02-02T10:00:00Z', to: '2026-02-02T10:30:00Z' })).toEqual(['b2']);
    expect(await ids({ from: '2026-02-03T00:00:00Z' })).toEqual(['b3']);
  });

  it('pages with a total', async () => {
    expect(await listBookings(kit.pool, kit.schema, { limit: 1, offset: 1 })).toMatchObject({ items: [{ id: 'b2' }], total: 3 });
  });
});
