import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingFact, bookingRequested, createReadModelKit, type ReadModelKit } from '../../projections/projection-test-kit.js';
import { listBookings, type BookingFilter, type BookingVisibility } from './bookings.queries.js';

/** Hana runs hotel A; her own stay is at hotel C. */
const HOTELIER: BookingVisibility = { userId: 'hana', ownSiteIds: null, anySiteIds: ['hotel-a'] };

describe('booking queries, narrowed to what a caller may see', () => {
  let kit: ReadModelKit;
  const list = (filter: BookingFilter) => listBookings(kit.pool, kit.schema, filter);
  const ids = async (filter: BookingFilter) => (await list(filter)).items.map((b) => b.id);

  beforeAll(async () => {
    kit = await createReadModelKit('rm_visibility');
    const day = (d: number, h: number) => `2026-02-0${d}T${String(h).padStart(2, '0')}:00:00Z`;
    await kit.record(
      bookingRequested('own-at-c', 'room-c', day(2, 9), day(2, 10), { bookerId: 'hana', siteId: 'hotel-c' }),
      bookingFact('own-at-c', 'BookingConfirmed', { placement: 1 }),
      bookingRequested('ann-at-a', 'room-a', day(3, 9), day(3, 10), { bookerId: 'ann', siteId: 'hotel-a' }),
      bookingFact('ann-at-a', 'BookingConfirmed', { placement: 1 }),
      bookingRequested('bob-at-a', 'room-a', day(4, 9), day(4, 10), { bookerId: 'bob', siteId: 'hotel-a' }),
      bookingFact('bob-at-a', 'BookingCancelled', { cancelledBy: 'bob', reason: '', override: false }),
      bookingRequested('ann-at-b', 'room-b', day(5, 9), day(5, 10), { bookerId: 'ann', siteId: 'hotel-b' }),
      bookingFact('ann-at-b', 'BookingConfirmed', { placement: 1 }),
      bookingRequested('bob-at-c', 'room-c', day(6, 9), day(6, 10), { bookerId: 'bob', siteId: 'hotel-c' }),
      bookingFact('bob-at-c', 'BookingConfirmed', { placement: 1 }),
    );
    await kit.project();
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('shows a site-scoped reader their own bookings and everyone’s at their sites, nothing else', async () => {
    expect(await ids({})).toHaveLength(5);
    expect(await ids({ visibleTo: HOTELIER })).toEqual(['own-at-c', 'ann-at-a', 'bob-at-a']);
    expect(await ids({ visibleTo: { ...HOTELIER, anySiteIds: ['hotel-a', 'hotel-b'] } })).toEqual(['own-at-c', 'ann-at-a', 'bob-at-a', 'ann-at-b']);
  });

  it('lets every filter narrow the visible bookings and none widen them', async () => {
    const visibleTo = HOTELIER;
    expect(await ids({ visibleTo, bookerId: 'ann' })).toEqual(['ann-at-a']);
    expect(await ids({ visibleTo, bookerId: 'bob' })).toEqual(['bob-at-a']);
    expect(await ids({ visibleTo, siteId: 'hotel-b' })).toEqual([]);
    expect(await ids({ visibleTo, siteId: 'hotel-c' })).toEqual(['own-at-c']);
    expect(await ids({ visibleTo, spaceId: 'room-c' })).toEqual(['own-at-c']);
    expect(await ids({ visibleTo, status: 'confirmed' })).toEqual(['own-at-c', 'ann-at-a']);
    expect(await ids({ visibleTo, from: '2026-02-04T00:00:00Z' })).toEqual(['bob-at-a']);
    expect(await ids({ visibleTo, bookerId: 'bob', siteId: 'hotel-c' })).toEqual([]);
  });

  it('limits own bookings to the sites where they may be read', async () => {
    expect(await ids({ visibleTo: { userId: 'hana', ownSiteIds: ['hotel-a'], anySiteIds: ['hotel-a'] } })).toEqual(['ann-at-a', 'bob-at-a']);
    expect(await ids({ visibleTo: { userId: 'ann', ownSiteIds: null, anySiteIds: [] } })).toEqual(['ann-at-a', 'ann-at-b']);
    expect(await ids({ visibleTo: { userId: 'ann', ownSiteIds: ['hotel-b'], anySiteIds: [] } })).toEqual(['ann-at-b']);
    expect(await ids({ visibleTo: { userId: 'ann', ownSiteIds: [], anySiteIds: [] } })).toEqual([]);
  });

  it('counts the total over the visible bookings only, on every page', async () => {
    expect(await list({ visibleTo: HOTELIER, limit: 1, offset: 1 })).toMatchObject({ items: [{ id: 'ann-at-a' }], total: 3 });
    expect(await list({ visibleTo: HOTELIER, limit: 2, offset: 10 })).toEqual({ items: [], total: 3 });
    expect(await list({ visibleTo: HOTELIER, status: 'confirmed', limit: 1, offset: 0 })).toMatchObject({ items: [{ id: 'own-at-c' }], total: 2 });
  });
});
