import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBooking, getBookingHistory } from '../read-models/queries/bookings.queries.js';
import { bookingsProjection } from './bookings.projection.js';
import { bookingFact, bookingRequested, createReadModelKit, type ReadModelKit } from './projection-test-kit.js';

describe('bookings projection', () => {
  let kit: ReadModelKit;
  const booking = (id: string) => getBooking(kit.pool, kit.schema, id);
  const history = (id: string) => getBookingHistory(kit.pool, kit.schema, id);

  beforeAll(async () => {
    kit = await createReadModelKit('proj_bookings');
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('follows the lifecycle: placing → confirmed → checked in → completed', async () => {
    await kit.record(bookingRequested('b1', 'room-a', '2026-02-02T09:00:00Z', '2026-02-02T10:00:00Z', { holdUntil: '2026-02-02T10:15:00Z' }));
    await kit.project();
    expect(await booking('b1')).toMatchObject({ status: 'placing', start: '2026-02-02T09:00:00.000Z', end: '2026-02-02T10:00:00.000Z', holdUntil: '2026-02-02T10:15:00.000Z', revision: 0 });

    await kit.record(bookingFact('b1', 'BookingConfirmed', { placement: 1 }));
    await kit.project();
    expect(await booking('b1')).toMatchObject({ status: 'confirmed', revision: 1 });

    await kit.record(
      bookingFact('b1', 'BookingCheckedIn', { checkedInBy: 'user-1', at: '2026-02-02T09:02:00Z' }),
      bookingFact('b1', 'BookingCompleted', {}, { at: '2026-02-02T10:00:00.000Z', actor: 'system' }),
    );
    await kit.project();
    expect(await booking('b1')).toMatchObject({ status: 'completed', checkedInAt: '2026-02-02T09:02:00.000Z', checkedInBy: 'user-1', completedAt: '2026-02-02T10:00:00.000Z', revision: 3 });
    const entries = await history('b1');
    expect(entries!.map((h) => [h.revision, h.type, h.previousStatus, h.status])).toEqual([
      [0, 'BookingRequested', null, 'placing'],
      [1, 'BookingConfirmed', 'placing', 'confirmed'],
      [2, 'BookingCheckedIn', 'confirmed', 'checked_in'],
      [3, 'BookingCompleted', 'checked_in', 'completed'],
    ]);
    expect(entries![3]!.actor.id).toBe('system');
  });

  it('waits for approval, then is approved or rejected', async () => {
    await kit.record(
      bookingRequested('b2', 'hall', '2026-02-03T09:00:00Z', '2026-02-03T12:00:00Z', { approvalRequired: true }),
      bookingFact('b2', 'BookingSubmittedForApproval', { placement: 1 }),
      bookingRequested('b3', 'hall', '2026-02-04T09:00:00Z', '2026-02-04T12:00:00Z', { approvalRequired: true }),
      bookingFact('b3', 'BookingSubmittedForApproval', { placement: 1 }),
    );
    await kit.project();
    expect((await booking('b2'))!.status).toBe('pending_approval');

    await kit.record(
      bookingFact('b2', 'BookingApproved', { approvedBy: 'manager-1', comment: 'ok' }, { actor: 'manager-1', at: '2026-01-20T08:00:00.000Z' }),
      bookingFact('b3', 'BookingRejected', { reason: 'declined', rejectedBy: 'manager-1', comment: 'not this week', conflicts: [] }, { actor: 'manager-1' }),
    );
    await kit.project();
    expect(await booking('b2')).toMatchObject({ status: 'confirmed', approvedBy: 'manager-1', approvedAt: '2026-01-20T08:00:00.000Z', approvalComment: 'ok' });
    expect(await booking('b3')).toMatchObject({ status: 'rejected', rejectedBy: 'manager-1', rejectionReason: 'declined', rejectionComment: 'not this week' });
  });

  it('cancels and marks no-shows', async () => {
    await kit.record(
      bookingRequested('b4', 'room-a', '2026-02-05T09:00:00Z', '2026-02-05T10:00:00Z'),
      bookingFact('b4', 'BookingConfirmed', { placement: 1 }),
      bookingFact('b4', 'BookingCancelled', { cancelledBy: 'user-1', reason: 'ill', override: false }),
      bookingRequested('b5', 'room-a', '2026-02-06T09:00:00Z', '2026-02-06T10:00:00Z'),
      bookingFact('b5', 'BookingConfirmed', { placement: 1 }),
      bookingFact('b5', 'BookingMarkedNoShow', { markedBy: 'staff-1' }),
    );
    await kit.project();
    expect(await booking('b4')).toMatchObject({ status: 'cancelled', cancelledBy: 'user-1', cancelReason: 'ill', cancelOverride: false });
    expect(await booking('b5')).toMatchObject({ status: 'no_show', noShowBy: 'staff-1' });
    expect((await history('b4'))!.at(-1)!.details).toEqual({ cancelledBy: 'user-1', reason: 'ill', override: false });
  });

  it('keeps the current placement while a change is pending, then applies or drops it', async () => {
    await kit.record(
      bookingRequested('b6', 'room-a', '2026-02-09T09:00:00Z', '2026-02-09T10:00:00Z', { participants: 4 }),
      bookingFact('b6', 'BookingConfirmed', { placement: 1 }),
      bookingFact('b6', 'BookingChangeRequested', {
        placement: 2, start: '2026-02-09T11:00:00Z', end: '2026-02-09T12:30:00Z', holdUntil: '2026-02-09T12:30:00Z', participants: 6,
        resources: [{ resourceId: 'projector', quantity: 1 }], buckets: [], reservations: [], purpose: 'Weekly sync', requestedBy: 'user-1',
      }),
    );
    await kit.project();
    const pending = await booking('b6');
    expect(pending).toMatchObject({ status: 'confirmed', start: '2026-02-09T09:00:00.000Z', end: '2026-02-09T10:00:00.000Z', participants: 4, placement: 1 });
    expect(pending!.pendingChange).toMatchObject({ placement: 2, start: '2026-02-09T11:00:00.000Z', end: '2026-02-09T12:30:00.000Z', participants: 6, requestedBy: 'user-1' });

    await kit.record(bookingFact('b6', 'BookingChanged', { placement: 2 }));
    await kit.project();
    expect(await booking('b6')).toMatchObject({
      status: 'confirmed', start: '2026-02-09T11:00:00.000Z', end: '2026-02-09T12:30:00.000Z', participants: 6,
      resources: [{ resourceId: 'projector', quantity: 1 }], placement: 2, pendingChange: null, revision: 3,
    });
    const changed = (await history('b6'))!.at(-1)!;
    expect(changed.type).toBe('BookingChanged');
    expect(changed.details).toEqual({
      placement: 2,
      changes: {
        start: { from: '2026-02-09T09:00:00.000Z', to: '2026-02-09T11:00:00.000Z' },
        end: { from: '2026-02-09T10:00:00.000Z', to: '2026-02-09T12:30:00.000Z' },
        participants: { from: 4, to: 6 },
        resources: { from: [], to: [{ resourceId: 'projector', quantity: 1 }] },
      },
    });

    await kit.record(
      bookingFact('b6', 'BookingChangeRequested', {
        placement: 3, start: '2026-02-09T14:00:00Z', end: '2026-02-09T15:00:00Z', holdUntil: '2026-02-09T15:00:00Z', participants: 6,
        resources: [{ resourceId: 'projector', quantity: 1 }], buckets: [], reservations: [], purpose: 'Weekly sync', requestedBy: 'user-1',
      }),
      bookingFact('b6', 'BookingChangeRejected', { placement: 3, reason: 'conflict', conflicts: [{ targetId: 'room-a', start: '2026-02-09T14:00:00Z', end: '2026-02-09T15:00:00Z', holderKind: 'booking', holderId: 'other' }] }),
    );
    await kit.project();
    expect(await booking('b6')).toMatchObject({ start: '2026-02-09T11:00:00.000Z', placement: 2, pendingChange: null, revision: 5 });
    const [requested, rejected] = (await history('b6'))!.slice(-2);
    expect(requested!.details).toEqual({ placement: 3, changes: { start: { from: '2026-02-09T11:00:00.000Z', to: '2026-02-09T14:00:00.000Z' }, end: { from: '2026-02-09T12:30:00.000Z', to: '2026-02-09T15:00:00.000Z' } } });
    expect(rejected!.details).toMatchObject({ placement: 3, reason: 'conflict' });
  });

  it('applies a redelivered event once: no second history row, no change to the row', async () => {
    const events = await kit.store.readStream('booking-b6');
    const before = { row: await booking('b6'), history: await history('b6') };
    const client = await kit.pool.connect();
    try {
      await client.query(`BEGIN; SET LOCAL search_path TO ${kit.schema}`);
      await bookingsProjection.apply(client, events[2]!);
      await bookingsProjection.applyBatch(client, events);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await booking('b6')).toEqual(before.row);
    expect(await history('b6')).toEqual(before.history);
  });

  it('returns null for an unknown booking', async () => {
    expect(await booking('nope')).toBeNull();
    expect(await history('nope')).toBeNull();
  });
});
