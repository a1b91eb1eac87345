import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAccess, type RoleGrant } from '../../identity/domain/access.js';
import { PERMISSIONS as P, type Permission } from '../../identity/domain/permissions.js';
import { ForbiddenError, NotFoundError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { context, createWriteSide, lisbonSite, room } from '../../../test/support/write-side.js';

// Bookings are made on Friday 27 February 2026 for Monday 2 March (Lisbon, UTC+0 in winter).
const NOW = '2026-02-27T10:00:00Z';
const at = (hhmm: string, day = '2026-03-02') => `${day}T${hhmm}:00.000Z`;

/** A context with the access the identity context resolves from `grants` (and custom roles). */
function withGrants(actorId: string, grants: RoleGrant[], customRoles = new Map<string, Permission[]>()): CommandContext {
  const { permissions, sitePermissions } = resolveAccess(grants, customRoles);
  return { ...context(actorId, [], NOW), permissions, sitePermissions };
}

describe('booking command handlers, site scope', () => {
  let ws: Awaited<ReturnType<typeof createWriteSide>>;
  let siteA: string;
  let siteB: string;
  let roomA: string;
  let roomB: string;
  let approvalA: string;
  let approvalB: string;
  const carol = randomUUID();
  const hana = randomUUID();
  const asAdmin = () => context(randomUUID(), ['admin'], NOW);
  const asCarol = () => context(carol, ['client'], NOW);
  /** Hotelier of site A only, and an ordinary client everywhere. */
  const asHotelier = () => withGrants(hana, [{ role: 'hotelier', siteIds: [siteA] }, { role: 'client', siteIds: null }]);
  let slot = 0;
  /** A fresh quarter hour on Monday for each booking, so they never clash. */
  const request = (spaceId: string, overrides: Partial<Parameters<typeof ws.bookings.requestBooking>[0]> = {}) => {
    const start = Date.parse(at('08:00')) + slot++ * 15 * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    return { spaceId, start: iso(start), end: iso(start + 15 * 60_000), purpose: 'Stay', participants: 2, resources: [], ...overrides };
  };

  beforeAll(async () => {
    ws = await createWriteSide();
    siteA = (await ws.catalog.registerSite({ ...lisbonSite, name: 'Hotel A' }, asAdmin())).id;
    siteB = (await ws.catalog.registerSite({ ...lisbonSite, name: 'Hotel B' }, asAdmin())).id;
    roomA = (await ws.catalog.createSpace(room(siteA), asAdmin())).id;
    roomB = (await ws.catalog.createSpace(room(siteB), asAdmin())).id;
    approvalA = (await ws.catalog.createSpace(room(siteA, { approvalRequired: true }, 'Suite A'), asAdmin())).id;
    approvalB = (await ws.catalog.createSpace(room(siteB, { approvalRequired: true }, 'Suite B'), asAdmin())).id;
  });
  afterAll(() => ws?.close());

  it("lets a hotelier cancel anyone's booking on their site; another site's bookings look missing", async () => {
    const atA = await ws.bookings.requestBooking(request(roomA), asCarol());
    const atB = await ws.bookings.requestBooking(request(roomB), asCarol());
    await expect(ws.bookings.cancelBooking(atA.bookingId, { reason: 'Overbooked' }, undefined, asHotelier())).resolves.toMatchObject({ status: 'cancelled' });
    await expect(ws.bookings.cancelBooking(atB.bookingId, { reason: 'Not mine' }, undefined, asHotelier())).rejects.toBeInstanceOf(NotFoundError);
    await expect(ws.bookings.changeBooking(atB.bookingId, { participants: 1 }, undefined, asHotelier())).rejects.toBeInstanceOf(NotFoundError);
    expect((await ws.store.readStream(`booking-${atB.bookingId}`)).map((e) => e.type)).toEqual(['BookingRequested', 'BookingConfirmed']);
  });

  it('lets a hotelier approve and reject on their site only', async () => {
    const pendingA = await ws.bookings.requestBooking(request(approvalA), asCarol());
    const otherA = await ws.bookings.requestBooking(request(approvalA), asCarol());
    const pendingB = await ws.bookings.requestBooking(request(approvalB), asCarol());
    expect(pendingA.status).toBe('pending_approval');
    await expect(ws.bookings.approveBooking(pendingA.bookingId, { comment: 'Welcome' }, undefined, asHotelier())).resolves.toMatchObject({ status: 'confirmed' });
    await expect(ws.bookings.rejectBooking(otherA.bookingId, { comment: 'Full' }, undefined, asHotelier())).resolves.toMatchObject({ status: 'rejected' });
    await expect(ws.bookings.approveBooking(pendingB.bookingId, { comment: '' }, undefined, asHotelier())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a site-scoped action elsewhere even to someone who may read every booking', async () => {
    // An auditor everywhere who is also hotelier of site A: sees site B's bookings, may not act on them.
    const auditingHotelier = withGrants(hana, [{ role: 'hotelier', siteIds: [siteA] }, { role: 'auditor', siteIds: null }]);
    const confirmedB = await ws.bookings.requestBooking(request(roomB), asCarol());
    const pendingB = await ws.bookings.requestBooking(request(approvalB), asCarol());
    await expect(ws.bookings.cancelBooking(confirmedB.bookingId, { reason: 'x' }, undefined, auditingHotelier)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ws.bookings.approveBooking(pendingB.bookingId, { comment: '' }, undefined, auditingHotelier)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ws.bookings.completeBooking(confirmedB.bookingId, undefined, auditingHotelier)).rejects.toBeInstanceOf(ForbiddenError);
    const err = await ws.bookings.cancelBooking(confirmedB.bookingId, { reason: 'x' }, undefined, auditingHotelier).catch((e) => e);
    expect(err.message).toContain(siteB);

    const confirmedA = await ws.bookings.requestBooking(request(roomA), asCarol());
    await expect(ws.bookings.cancelBooking(confirmedA.bookingId, { reason: 'Closed' }, undefined, auditingHotelier)).resolves.toMatchObject({ status: 'cancelled' });
  });

  it('checks booking and booking for others on the space’s site', async () => {
    // A pure hotelier books only at their own hotel.
    const pureHotelier = withGrants(hana, [{ role: 'hotelier', siteIds: [siteA] }]);
    await expect(ws.bookings.requestBooking(request(roomA), pureHotelier)).resolves.toMatchObject({ bookerId: hana });
    const refusedId = randomUUID();
    await expect(ws.bookings.requestBooking(request(roomB, { bookingId: refusedId }), pureHotelier)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await ws.store.readStream(`booking-${refusedId}`)).toEqual([]);

    // A front desk that books for guests, granted on site A only.
    const frontDesk = withGrants(randomUUID(), [{ role: 'front-desk', siteIds: [siteA] }, { role: 'client', siteIds: null }], new Map([['front-desk', [P.bookingCreate, P.bookingCreateForOthers]]]));
    await expect(ws.bookings.requestBooking(request(roomA, { bookerId: carol }), frontDesk)).resolves.toMatchObject({ bookerId: carol });
    await expect(ws.bookings.requestBooking(request(roomB, { bookerId: carol }), frontDesk)).rejects.toBeInstanceOf(ForbiddenError);
    // Their own booking at site B is fine: booking.create is held everywhere.
    await expect(ws.bookings.requestBooking(request(roomB), frontDesk)).resolves.toMatchObject({ status: 'confirmed' });
  });

  it('still lets the booker act on their own booking at any site', async () => {
    const own = await ws.bookings.requestBooking(request(roomB), asHotelier());
    await expect(ws.bookings.changeBooking(own.bookingId, { participants: 1 }, undefined, asHotelier())).resolves.toMatchObject({ participants: 1 });
    await expect(ws.bookings.cancelBooking(own.bookingId, { reason: 'Plans changed' }, undefined, asHotelier())).resolves.toMatchObject({ status: 'cancelled' });
  });
});
