import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingHolder } from '../../booking/application/booking-holder.js';
import { bookingDecider } from '../../booking/domain/booking.decider.js';
import { blackoutHolder } from '../../catalog/application/blackout-holder.js';
import { loadAggregate } from '../../shared/application/execute-command.js';
import { ConflictError } from '../../shared/domain/errors.js';
import { scheduleDecider } from '../domain/schedule.decider.js';
import { scheduleStreamId } from '../domain/schedule.events.js';
import { context, createWriteSide, lisbonSite, room } from '../../../test/support/write-side.js';
import { PlacementProcessManager } from './placement-process-manager.js';

const run = promisify(execFile);
const NOW = '2026-02-27T10:00:00Z';
const DAY = '2026-03-02';
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;

/** Runs the booking in a child process that SIGKILLs itself after `appends` appends. */
async function crashMidBooking(url: string, appends: number, request: object, actorId: string) {
  const child = run(process.execPath, ['--import', 'tsx', 'test/support/crash-mid-booking.ts', url, String(appends), JSON.stringify(request), actorId]);
  const outcome = await child.then(() => 'exited', (err: { signal?: string }) => err.signal);
  expect(outcome).toBe('SIGKILL');
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('placement process manager: a process killed mid-booking is repaired', () => {
  let ws: Awaited<ReturnType<typeof createWriteSide>>;
  let pm: PlacementProcessManager;
  // Ids chosen so the space's bucket sorts before the resource's: the crash lands between them.
  const spaceId = `10000000-0000-4000-8000-${randomUUID().slice(-12)}`;
  const otherSpaceId = `20000000-0000-4000-8000-${randomUUID().slice(-12)}`;
  const resourceId = `f0000000-0000-4000-8000-${randomUUID().slice(-12)}`;
  const alice = randomUUID();
  const admin = () => context(randomUUID(), ['admin'], NOW);

  beforeAll(async () => {
    ws = await createWriteSide();
    const site = await ws.catalog.registerSite(lisbonSite, admin());
    await ws.catalog.createSpace({ ...room(site.id), spaceId }, admin());
    await ws.catalog.createSpace({ ...room(site.id), spaceId: otherSpaceId }, admin());
    await ws.catalog.createResource({ siteId: site.id, resourceId, name: 'Projector', category: 'equipment', quantity: 1, description: '' }, admin());
    pm = new PlacementProcessManager({
      store: ws.store,
      pool: ws.pool,
      schedule: ws.schedule,
      holders: { booking: bookingHolder, blackout: blackoutHolder },
      stallAfterMs: 300,
      sweepEveryMs: 100,
      newId: randomUUID,
    });
  });
  afterAll(async () => {
    await pm.stop();
    await ws.close();
  });

  const bookingState = async (id: string) => (await loadAggregate(ws.store, `booking-${id}`, bookingDecider)).state;
  const holdsOn = async (targetId: string) =>
    [...(await loadAggregate(ws.store, scheduleStreamId(targetId, DAY), scheduleDecider)).state.active.values()].map((r) => r.holder.id);

  it('finishes a placement whose writer died after reserving the first bucket', async () => {
    const bookingId = randomUUID();
    const request = { bookingId, spaceId, start: at('09:00'), end: at('10:00'), purpose: 'Crash', participants: 2, resources: [{ resourceId, quantity: 1 }] };
    await crashMidBooking(ws.db.url, 2, request, alice);

    const halfDone = await bookingState(bookingId);
    expect(halfDone.status).toBe('placing');
    expect(await holdsOn(spaceId)).toContain(bookingId);
    expect(await holdsOn(resourceId)).not.toContain(bookingId);

    await pm.start();
    const repaired = await eventually(() => bookingState(bookingId), (s) => s.status === 'confirmed');
    expect(repaired.status).toBe('confirmed');
    expect(await holdsOn(resourceId)).toContain(bookingId);
    await pm.stop();
  });

  it('compensates when the rest of the placement was taken meanwhile: rejects and releases what it held', async () => {
    const bookingId = randomUUID();
    const request = { bookingId, spaceId, start: at('11:00'), end: at('12:00'), purpose: 'Crash', participants: 2, resources: [{ resourceId, quantity: 1 }] };
    await crashMidBooking(ws.db.url, 2, request, alice);
    expect(await holdsOn(spaceId)).toContain(bookingId);

    // Someone else takes the only projector for that hour before the repair runs.
    const rival = await ws.bookings.requestBooking(
      { spaceId: otherSpaceId, start: at('11:00'), end: at('12:00'), purpose: 'Rival', participants: 2, resources: [{ resourceId, quantity: 1 }] },
      context(randomUUID(), ['booker'], NOW),
    );
    expect(rival.status).toBe('confirmed');

    await pm.start();
    const compensated = await eventually(() => bookingState(bookingId), (s) => s.status === 'rejected');
    expect(compensated.status).toBe('rejected');
    expect(await eventually(() => holdsOn(spaceId), (h) => !h.includes(bookingId))).not.toContain(bookingId);
    // The space is free again for that hour.
    const again = await ws.bookings.requestBooking(
      { spaceId, start: at('11:00'), end: at('12:00'), purpose: 'After repair', participants: 2, resources: [] },
      context(randomUUID(), ['booker'], NOW),
    );
    expect(again.status).toBe('confirmed');
    await expect(
      ws.bookings.requestBooking({ spaceId, start: at('11:00'), end: at('12:00'), purpose: 'Dup', participants: 2, resources: [] }, context(randomUUID(), ['booker'], NOW)),
    ).rejects.toBeInstanceOf(ConflictError);
    await pm.stop();
  });

  it('releases slots a cancellation freed when the writer died before releasing them', async () => {
    const booking = await ws.bookings.requestBooking(
      { spaceId, start: at('14:00'), end: at('15:00'), purpose: 'To cancel', participants: 2, resources: [] },
      context(alice, ['booker'], NOW),
    );
    // Record the cancellation only, as a writer that died before releasing would have.
    const { executeCommand } = await import('../../shared/application/execute-command.js');
    await executeCommand(ws.store, `booking-${booking.bookingId}`, bookingDecider, () => ({
      type: 'CancelBooking' as const,
      data: { bookingId: booking.bookingId, actorId: alice, reason: 'crash before release', now: NOW, overrideDeadline: false },
    }), context(alice, ['booker'], NOW));
    expect(await holdsOn(spaceId)).toContain(booking.bookingId);

    await pm.start();
    expect(await eventually(() => holdsOn(spaceId), (h) => !h.includes(booking.bookingId))).not.toContain(booking.bookingId);
  });
});
