import { describe, expect, it } from 'vitest';
import type { BookingEvent } from '../../booking/domain/booking.events.js';
import { reminderChange } from './reminder-plan.js';
import { evolveTrackedBooking, type TrackedBooking } from './tracked-booking.js';

const requested: BookingEvent = {
  type: 'BookingRequested',
  data: {
    bookingId: 'b-1', bookerId: 'ana', spaceId: 'room-1', siteId: 'lisbon', timeZone: 'Europe/Lisbon', purpose: 'Planning', approvalRequired: false,
    changeDeadlineMinutes: 60, placement: 1, start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T11:00:00.000Z', holdUntil: '2026-03-02T11:00:00.000Z',
    participants: 2, resources: [], buckets: [], reservations: [],
  },
};
const confirmed: BookingEvent = { type: 'BookingConfirmed', data: { bookingId: 'b-1', placement: 1 } };
const fold = (...events: BookingEvent[]) => events.reduce<TrackedBooking | null>((b, e) => evolveTrackedBooking(b, e, '2026-03-01T09:00:00.000Z', 'ana'), null);

describe('reminder plan', () => {
  it('plans a reminder lead minutes before a confirmed booking starts, for its booker, sourced by the start', () => {
    expect(reminderChange(confirmed, fold(requested, confirmed), 45, '2026-03-01T09:00:00.000Z')).toEqual({
      type: 'plan',
      reminder: { bookingId: 'b-1', recipientId: 'ana', start: '2026-03-02T10:00:00.000Z', dueAt: '2026-03-02T09:15:00.000Z', leadMinutes: 45, sourceId: 'reminder:b-1:2026-03-02T10:00:00.000Z' },
    });
  });

  it('plans nothing when the reminder time has already passed (booked at short notice)', () => {
    expect(reminderChange(confirmed, fold(requested, confirmed), 45, '2026-03-02T09:30:00.000Z')).toEqual({ type: 'drop' });
  });

  it('moves with a change, waits through approval, and goes with cancellation, rejection, no-show and check-in', () => {
    const change: BookingEvent = {
      type: 'BookingChangeRequested',
      data: { bookingId: 'b-1', purpose: 'P', requestedBy: 'ana', placement: 2, start: '2026-03-03T10:00:00.000Z', end: '2026-03-03T11:00:00.000Z', holdUntil: '2026-03-03T11:00:00.000Z', participants: 2, resources: [], buckets: [], reservations: [] },
    };
    const changed: BookingEvent = { type: 'BookingChanged', data: { bookingId: 'b-1', placement: 2 } };
    expect(reminderChange(change, fold(requested, confirmed, change), 30, '2026-03-01T10:00:00.000Z')).toEqual({ type: 'keep' });
    expect(reminderChange(changed, fold(requested, confirmed, change, changed), 30, '2026-03-01T10:00:00.000Z')).toMatchObject({ type: 'plan', reminder: { dueAt: '2026-03-03T09:30:00.000Z' } });
    const submitted: BookingEvent = { type: 'BookingSubmittedForApproval', data: { bookingId: 'b-1', placement: 1 } };
    expect(reminderChange(submitted, fold(requested, submitted), 30, '2026-03-01T10:00:00.000Z')).toEqual({ type: 'keep' });
    const approved: BookingEvent = { type: 'BookingApproved', data: { bookingId: 'b-1', approvedBy: 'pia', comment: '' } };
    expect(reminderChange(approved, fold(requested, submitted, approved), 30, '2026-03-01T10:00:00.000Z')).toMatchObject({ type: 'plan' });
    for (const end of [
      { type: 'BookingCancelled', data: { bookingId: 'b-1', cancelledBy: 'ana', reason: '', override: false } },
      { type: 'BookingRejected', data: { bookingId: 'b-1', reason: 'declined', rejectedBy: 'pia', comment: '', conflicts: [] } },
      { type: 'BookingMarkedNoShow', data: { bookingId: 'b-1', markedBy: 'sam' } },
      { type: 'BookingCheckedIn', data: { bookingId: 'b-1', checkedInBy: 'ana', at: '2026-03-02T09:55:00.000Z' } },
    ] satisfies BookingEvent[]) {
      expect(reminderChange(end, fold(requested, confirmed, end), 30, '2026-03-01T10:00:00.000Z')).toEqual({ type: 'drop' });
    }
  });
});
