import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAccess } from '../../identity/domain/access.js';
import type { Principal } from '../auth/authenticator.js';
import type { BookingDetails } from '../contracts/bookings.contracts.js';
import { startHttpHarness, type HttpHarness } from '../testing/http-harness.js';
import { aBooking } from '../testing/read-model-fixtures.js';

const SITE_A = randomUUID();
const SITE_B = randomUUID();

/** Principals as the token authenticator resolves them from site-scoped grants, by X-Dev-User. */
const PRINCIPALS: Record<string, Principal> = {
  hana: { userId: 'hana', ...resolveAccess([{ role: 'hotelier', siteIds: [SITE_A] }, { role: 'client', siteIds: null }], new Map()) },
  alice: { userId: 'alice', ...resolveAccess([{ role: 'client', siteIds: null }], new Map()) },
  sam: { userId: 'sam', ...resolveAccess([{ role: 'staff', siteIds: null }], new Map()) },
};
const principalOf = async (req: Request) => PRINCIPALS[req.get('X-Dev-User') ?? ''] ?? null;

describe('bookings API, site scope', () => {
  let h: HttpHarness;
  const ids = (res: { body: { items: BookingDetails[] } }) => res.body.items.map((b) => b.id).sort();
  const seed = (overrides: Partial<BookingDetails>) => {
    const booking = aBooking(overrides);
    h.queries.bookings.push(booking);
    return booking;
  };

  beforeAll(async () => {
    h = await startHttpHarness({ authenticate: principalOf });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows a hotelier their own bookings and anyone's at their sites, in lists and by id", async () => {
    const own = seed({ bookerId: 'hana', siteId: SITE_B });
    const atA = seed({ bookerId: 'alice', siteId: SITE_A });
    const atB = seed({ bookerId: 'alice', siteId: SITE_B });

    const list = await h.call('GET', '/api/v1/bookings', { user: 'hana' });
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual([own.id, atA.id].sort());
    expect(list.body.total).toBe(2);
    expect(h.queries.calls.filter((c) => c.method === 'listBookings').at(-1)!.args[0]).toMatchObject({ visibleTo: { userId: 'hana', ownSiteIds: null, anySiteIds: [SITE_A] } });

    // Naming someone else narrows to what is visible; it is not refused and does not widen.
    const alices = await h.call('GET', '/api/v1/bookings?bookerId=alice', { user: 'hana' });
    expect(ids(alices)).toEqual([atA.id]);
    expect(ids(await h.call('GET', `/api/v1/bookings?siteId=${SITE_B}&bookerId=alice`, { user: 'hana' }))).toEqual([]);

    expect((await h.call('GET', `/api/v1/bookings/${atA.id}`, { user: 'hana' })).status).toBe(200);
    expect((await h.call('GET', `/api/v1/bookings/${own.id}`, { user: 'hana' })).status).toBe(200);
    expect((await h.call('GET', `/api/v1/bookings/${atB.id}`, { user: 'hana' })).status).toBe(404);
    expect((await h.call('GET', `/api/v1/bookings/${atB.id}/history`, { user: 'hana' })).status).toBe(404);
    expect((await h.call('GET', `/api/v1/bookings/${atB.id}`, { user: 'sam' })).status).toBe(200);
  });

  it('still refuses a caller without booking.read.any anywhere who names another booker', async () => {
    const res = await h.call('GET', '/api/v1/bookings?bookerId=hana', { user: 'alice' });
    expect(res.status).toBe(403);
  });

  it('passes a caller who may read everything straight through', async () => {
    const res = await h.call('GET', '/api/v1/bookings?bookerId=alice', { user: 'sam' });
    expect(res.status).toBe(200);
    expect(h.queries.calls.filter((c) => c.method === 'listBookings').at(-1)!.args[0]).not.toHaveProperty('visibleTo');
  });
});
