import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, ValidationError } from '../../shared/domain/errors.js';
import { context, createWriteSide, lisbonSite, room } from '../../../test/support/write-side.js';

// Monday 2 March 2026, 09:00 in Lisbon (UTC+0 in winter); bookings are made the Friday before.
const NOW = '2026-02-27T10:00:00Z';
const at = (hhmm: string, day = '2026-03-02') => `${day}T${hhmm}:00.000Z`;

describe.each([
  { mode: 'atomic placement (one PostgreSQL transaction)', atomic: true },
  { mode: 'store-agnostic placement protocol (as on EventStoreDB)', atomic: false },
])('booking command handlers, $mode', ({ atomic }) => {
  let ws: Awaited<ReturnType<typeof createWriteSide>>;
  let spaceId: string;
  let approvalSpaceId: string;
  let projectorId: string;
  const alice = randomUUID();
  const bob = randomUUID();
  const manager = randomUUID();
  const asAdmin = () => context(randomUUID(), ['admin'], NOW);
  const asAlice = (now = NOW) => context(alice, ['booker'], now);
  const asBob = () => context(bob, ['booker'], NOW);
  const asManager = (now = NOW) => context(manager, ['manager'], now);

  beforeAll(async () => {
    ws = await createWriteSide({ atomic });
    const site = await ws.catalog.registerSite(lisbonSite, asAdmin());
    spaceId = (await ws.catalog.createSpace(room(site.id), asAdmin())).id;
    approvalSpaceId = (await ws.catalog.createSpace(room(site.id, { approvalRequired: true }, 'Atlântico'), asAdmin())).id;
    projectorId = (await ws.catalog.createResource({ siteId: site.id, name: 'Projector', category: 'equipment', quantity: 2, description: '' }, asAdmin())).id;
  });
  afterAll(() => ws.close());

  const request = (overrides: Partial<Parameters<typeof ws.bookings.requestBooking>[0]> = {}) => ({
    spaceId,
    start: at('09:00'),
    end: at('10:00'),
    purpose: 'Planning',
    participants: 4,
    resources: [],
    ...overrides,
  });

  it('confirms a free slot and refuses an overlapping one with 409 naming the interval, appending nothing', async () => {
    const first = await ws.bookings.requestBooking(request(), asAlice());
    expect(first).toMatchObject({ status: 'confirmed', revision: 1, bookerId: alice, start: at('09:00'), end: at('10:00') });

    const secondId = randomUUID();
    const err = await ws.bookings.requestBooking(request({ bookingId: secondId, start: at('09:30'), end: at('10:30') }), asBob()).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.conflicts).toEqual([expect.objectContaining({ targetId: spaceId, start: at('09:00'), end: at('10:00') })]);
    expect(err.message).toContain(at('09:00'));
    expect(await ws.store.readStream(`booking-${secondId}`)).toEqual([]);
  });

  it('refuses a client-chosen booking id that is already taken', async () => {
    const bookingId = randomUUID();
    await ws.bookings.requestBooking(request({ bookingId, start: at('18:00'), end: at('18:30') }), asAlice());
    const err = await ws.bookings.requestBooking(request({ bookingId, start: at('19:00'), end: at('19:30') }), asBob()).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toContain('already exists');
    expect((await ws.store.readStream(`booking-${bookingId}`)).map((e) => e.type)).toEqual(['BookingRequested', 'BookingConfirmed']);
  });

  it('decides on the catalog as it is at commit, even after the space changed since it was last read', async () => {
    const site = await ws.catalog.registerSite({ ...lisbonSite, name: 'Braga' }, asAdmin());
    const small = (await ws.catalog.createSpace(room(site.id), asAdmin())).id;
    await ws.bookings.requestBooking(request({ spaceId: small, start: at('09:00', '2026-03-09'), end: at('10:00', '2026-03-09') }), asAlice());
    await ws.catalog.updateSpace(small, { capacity: 2 }, undefined, asAdmin());
    const err = await ws.bookings.requestBooking(request({ spaceId: small, participants: 4, start: at('11:00', '2026-03-09'), end: at('12:00', '2026-03-09') }), asAlice()).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues.map((i: { field: string }) => i.field)).toContain('participants');
    await ws.catalog.updateSpace(small, { policy: { ...room(site.id).policy, approvalRequired: true } }, undefined, asAdmin());
    const pending = await ws.bookings.requestBooking(request({ spaceId: small, participants: 2, start: at('11:00', '2026-03-09'), end: at('12:00', '2026-03-09') }), asAlice());
    expect(pending.status).toBe('pending_approval');
  });

  it('allows back-to-back bookings', async () => {
    const next = await ws.bookings.requestBooking(request({ start: at('10:00'), end: at('11:00') }), asBob());
    expect(next.status).toBe('confirmed');
  });

  it('rejects bad input with field names and appends nothing', async () => {
    const id = randomUUID();
    const cases: [Partial<ReturnType<typeof request>>, string][] = [
      [{ start: at('11:00'), end: at('10:00') }, 'end'],
      [{ participants: 9 }, 'participants'],
      [{ start: at('07:00'), end: at('08:00') }, 'start'],
      [{ start: at('12:10'), end: at('13:00') }, 'start'],
      [{ resources: [{ resourceId: projectorId, quantity: 3 }] }, 'resources.0.quantity'],
      [{ start: '2026-02-27T09:00:00Z', end: '2026-02-27T09:30:00Z' }, 'start'],
    ];
    for (const [overrides, field] of cases) {
      const err = await ws.bookings.requestBooking(request({ bookingId: id, ...overrides }), asAlice()).catch((e) => e);
      expect(err, field).toBeInstanceOf(ValidationError);
      expect(err.issues.map((i: { field: string }) => i.field), JSON.stringify(overrides)).toContain(field);
    }
    await expect(ws.bookings.requestBooking(request({ spaceId: randomUUID() }), asAlice())).rejects.toBeInstanceOf(NotFoundError);
    expect(await ws.store.readStream(`booking-${id}`)).toEqual([]);
  });

  it('never lets reserved quantities of a pooled resource exceed the stock', async () => {
    const site = await ws.catalog.registerSite({ ...lisbonSite, name: 'Porto' }, asAdmin());
    const a = (await ws.catalog.createSpace(room(site.id), asAdmin())).id;
    const b = (await ws.catalog.createSpace(room(site.id), asAdmin())).id;
    const c = (await ws.catalog.createSpace(room(site.id), asAdmin())).id;
    const screens = (await ws.catalog.createResource({ siteId: site.id, name: 'Screen', category: 'equipment', quantity: 3, description: '' }, asAdmin())).id;
    const withScreens = (space: string, quantity: number, start: string, end: string) =>
      request({ spaceId: space, start: at(start), end: at(end), resources: [{ resourceId: screens, quantity }] });
    await ws.bookings.requestBooking(withScreens(a, 2, '09:00', '11:00'), asAlice());
    await ws.bookings.requestBooking(withScreens(b, 1, '10:00', '12:00'), asAlice());
    await expect(ws.bookings.requestBooking(withScreens(c, 1, '10:30', '11:00'), asAlice())).rejects.toBeInstanceOf(ConflictError);
    expect((await ws.bookings.requestBooking(withScreens(c, 2, '11:00', '12:00'), asAlice())).status).toBe('confirmed');
  });

  it('frees the slot on cancel, and only the booker or someone allowed may cancel', async () => {
    const booking = await ws.bookings.requestBooking(request({ start: at('14:00'), end: at('15:00') }), asAlice());
    await expect(ws.bookings.cancelBooking(booking.bookingId, { reason: 'mine now' }, undefined, asBob())).rejects.toBeInstanceOf(NotFoundError);
    await expect(ws.bookings.cancelBooking(booking.bookingId, { reason: 'x' }, 0, asAlice())).rejects.toBeInstanceOf(PreconditionFailedError);
    const cancelled = await ws.bookings.cancelBooking(booking.bookingId, { reason: 'not needed' }, booking.revision, asAlice());
    expect(cancelled).toMatchObject({ status: 'cancelled', revision: booking.revision + 1 });
    await expect(ws.bookings.cancelBooking(booking.bookingId, { reason: 'again' }, undefined, asAlice())).rejects.toBeInstanceOf(ConflictError);
    expect((await ws.bookings.requestBooking(request({ start: at('14:00'), end: at('15:00') }), asBob())).status).toBe('confirmed');
  });

  it('enforces the change deadline for bookers but lets a manager cancel past it', async () => {
    const booking = await ws.bookings.requestBooking(request({ start: at('16:00'), end: at('17:00') }), asAlice());
    const late = at('15:30');
    await expect(ws.bookings.cancelBooking(booking.bookingId, { reason: 'late' }, undefined, asAlice(late))).rejects.toBeInstanceOf(ValidationError);
    const cancelled = await ws.bookings.cancelBooking(booking.bookingId, { reason: 'room needed' }, undefined, asManager(late));
    expect(cancelled.status).toBe('cancelled');
  });

  it('reschedules onto a free slot and releases the old one; a reschedule onto a taken slot is 409 and keeps the booking', async () => {
    const booking = await ws.bookings.requestBooking(request({ start: at('09:00', '2026-03-03'), end: at('10:00', '2026-03-03') }), asAlice());
    const other = await ws.bookings.requestBooking(request({ start: at('12:00', '2026-03-03'), end: at('13:00', '2026-03-03') }), asBob());
    await expect(
      ws.bookings.changeBooking(booking.bookingId, { start: at('12:30', '2026-03-03'), end: at('13:30', '2026-03-03') }, undefined, asAlice()),
    ).rejects.toBeInstanceOf(ConflictError);
    const moved = await ws.bookings.changeBooking(booking.bookingId, { start: at('09:30', '2026-03-03'), end: at('11:00', '2026-03-03'), participants: 6 }, undefined, asAlice());
    expect(moved).toMatchObject({ status: 'confirmed', start: at('09:30', '2026-03-03'), end: at('11:00', '2026-03-03'), participants: 6 });
    expect((await ws.bookings.requestBooking(request({ start: at('09:00', '2026-03-03'), end: at('09:30', '2026-03-03') }), asBob())).status).toBe('confirmed');
    await expect(ws.bookings.requestBooking(request({ start: at('10:30', '2026-03-03'), end: at('11:30', '2026-03-03') }), asBob())).rejects.toBeInstanceOf(ConflictError);
    expect(other.status).toBe('confirmed');
  });

  it('holds a slot while approval is pending; approvers approve or reject, bookers cannot', async () => {
    const pending = await ws.bookings.requestBooking(request({ spaceId: approvalSpaceId }), asAlice());
    expect(pending.status).toBe('pending_approval');
    await expect(ws.bookings.requestBooking(request({ spaceId: approvalSpaceId }), asBob())).rejects.toBeInstanceOf(ConflictError);
    await expect(ws.bookings.approveBooking(pending.bookingId, { comment: '' }, undefined, asAlice())).rejects.toBeInstanceOf(ForbiddenError);
    expect((await ws.bookings.approveBooking(pending.bookingId, { comment: 'ok' }, undefined, asManager())).status).toBe('confirmed');

    const other = await ws.bookings.requestBooking(request({ spaceId: approvalSpaceId, start: at('11:00'), end: at('12:00') }), asBob());
    expect((await ws.bookings.rejectBooking(other.bookingId, { comment: 'board meeting' }, undefined, asManager())).status).toBe('rejected');
    expect((await ws.bookings.requestBooking(request({ spaceId: approvalSpaceId, start: at('11:00'), end: at('12:00') }), asAlice())).status).toBe('pending_approval');
  });

  it('checks in within the window, then completes; a confirmed booking not checked in becomes a no-show', async () => {
    const booking = await ws.bookings.requestBooking(request({ start: at('09:00', '2026-03-04'), end: at('10:00', '2026-03-04') }), asAlice());
    await expect(ws.bookings.checkIn(booking.bookingId, undefined, asAlice(at('08:00', '2026-03-04')))).rejects.toBeInstanceOf(ValidationError);
    expect((await ws.bookings.checkIn(booking.bookingId, undefined, asAlice(at('08:50', '2026-03-04')))).status).toBe('checked_in');
    await expect(ws.bookings.completeBooking(booking.bookingId, undefined, asAlice(at('10:00', '2026-03-04')))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await ws.bookings.completeBooking(booking.bookingId, undefined, asManager(at('10:00', '2026-03-04')))).status).toBe('completed');

    const missed = await ws.bookings.requestBooking(request({ start: at('11:00', '2026-03-04'), end: at('12:00', '2026-03-04') }), asAlice());
    expect((await ws.bookings.markNoShow(missed.bookingId, undefined, asManager(at('11:20', '2026-03-04')))).status).toBe('no_show');
  });

  it('puts blackouts on the same schedule: a blackout over a booking is refused, a booking over a blackout too', async () => {
    await expect(
      ws.catalog.declareBlackout({ target: { kind: 'space', spaceId }, start: at('09:00'), end: at('12:00'), reason: 'painting' }, asAdmin()),
    ).rejects.toBeInstanceOf(ConflictError);
    const blackout = await ws.catalog.declareBlackout({ target: { kind: 'space', spaceId }, start: at('08:00', '2026-03-05'), end: at('20:00', '2026-03-05'), reason: 'painting' }, asAdmin());
    await expect(ws.bookings.requestBooking(request({ start: at('09:00', '2026-03-05'), end: at('10:00', '2026-03-05') }), asAlice())).rejects.toBeInstanceOf(ConflictError);
    await ws.catalog.liftBlackout(blackout.id, { reason: 'done early' }, asAdmin());
    expect((await ws.bookings.requestBooking(request({ start: at('09:00', '2026-03-05'), end: at('10:00', '2026-03-05') }), asAlice())).status).toBe('confirmed');
    await expect(ws.catalog.declareBlackout({ target: { kind: 'space', spaceId }, start: at('09:00', '2026-03-06'), end: at('10:00', '2026-03-06'), reason: 'x' }, asAlice())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('dry runs decide as the command would and append nothing', async () => {
    const day = '2026-03-10';
    const taken = await ws.bookings.requestBooking(request({ start: at('09:00', day), end: at('10:00', day) }), asBob());
    const eventCount = async () => Number((await ws.pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.events')).rows[0]!.n);
    const before = await eventCount();
    const dryRun = { dryRun: true };

    expect((await ws.bookings.requestBooking(request({ start: at('10:00', day), end: at('11:00', day) }), asAlice(), dryRun)).status).toBe('confirmed');
    expect((await ws.bookings.requestBooking(request({ spaceId: approvalSpaceId, start: at('10:00', day), end: at('11:00', day) }), asAlice(), dryRun)).status).toBe('pending_approval');
    const conflict = await ws.bookings.requestBooking(request({ start: at('09:30', day), end: at('10:30', day) }), asAlice(), dryRun).catch((e) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.conflicts).toEqual([expect.objectContaining({ targetId: spaceId, start: at('09:00', day), end: at('10:00', day) })]);
    const takenId = await ws.bookings.requestBooking(request({ bookingId: taken.bookingId, start: at('15:00', day), end: at('16:00', day) }), asAlice(), dryRun).catch((e) => e);
    expect(takenId).toBeInstanceOf(ConflictError);
    expect(takenId.message).toContain('already exists');
    await expect(ws.bookings.requestBooking(request({ start: at('09:00', day), end: at('10:00', day), resources: [{ resourceId: projectorId, quantity: 3 }] }), asAlice(), dryRun)).rejects.toBeInstanceOf(ValidationError);

    const moved = await ws.bookings.changeBooking(taken.bookingId, { start: at('12:00', day), end: at('13:00', day) }, taken.revision, asBob(), dryRun);
    expect(moved).toMatchObject({ status: 'confirmed', start: at('12:00', day), revision: taken.revision });
    await expect(ws.bookings.changeBooking(taken.bookingId, { participants: 2 }, taken.revision + 1, asBob(), dryRun)).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(ws.bookings.changeBooking(taken.bookingId, { participants: 2 }, undefined, asAlice(), dryRun)).rejects.toBeInstanceOf(NotFoundError);

    expect(await eventCount()).toBe(before);
    expect((await ws.bookings.requestBooking(request({ start: at('10:00', day), end: at('11:00', day) }), asAlice())).status).toBe('confirmed');
  });
});
