import type { BookingEvent } from '../../booking/domain/booking.events.js';
import { assertNever } from '../../shared/domain/decider.js';
import { fromIso, MINUTE, toIso } from '../../shared/domain/time-range.js';
import type { TrackedBooking } from './tracked-booking.js';

/** A reminder waiting for its time: one per booking, for the start it has now. */
export interface PlannedReminder {
  bookingId: string;
  recipientId: string;
  start: string;
  dueAt: string;
  leadMinutes: number;
  /** The notification's source: a moved booking is reminded of again, an unchanged one never twice. */
  sourceId: string;
}

export type ReminderChange = { type: 'keep' } | { type: 'drop' } | { type: 'plan'; reminder: PlannedReminder };

export const reminderSourceId = (bookingId: string, start: string): string => `reminder:${bookingId}:${start}`;

/**
 * What `event` does to the booking's reminder: a confirmed booking (confirmed, approved, or
 * moved) is reminded of `leadMinutes` before it starts; one that ends its life (cancelled,
 * rejected, no-show) or has begun (checked in, completed) is not. A reminder whose time has
 * already passed when it is planned is not planned at all: someone booking a room for the
 * next ten minutes needs no reminder, and a consumer replaying an old log sends none.
 */
export function reminderChange(event: BookingEvent, after: TrackedBooking | null, leadMinutes: number, occurredAt: string): ReminderChange {
  switch (event.type) {
    case 'BookingConfirmed':
    case 'BookingApproved':
    case 'BookingChanged': {
      if (after === null || after.status !== 'confirmed') return { type: 'drop' };
      const reminder = planReminder(after, leadMinutes);
      return fromIso(reminder.dueAt) > fromIso(occurredAt) ? { type: 'plan', reminder } : { type: 'drop' };
    }
    case 'BookingRejected':
    case 'BookingCancelled':
    case 'BookingMarkedNoShow':
    case 'BookingCheckedIn':
    case 'BookingCompleted':
      return { type: 'drop' };
    case 'BookingRequested':
    case 'BookingSubmittedForApproval':
    case 'BookingChangeRequested':
    case 'BookingChangeRejected':
      return { type: 'keep' };
    default:
      return assertNever(event);
  }
}

export function planReminder(booking: TrackedBooking, leadMinutes: number): PlannedReminder {
  const { bookingId, bookerId, start } = booking.entry;
  return { bookingId, recipientId: bookerId, start, dueAt: toIso(fromIso(start) - leadMinutes * MINUTE), leadMinutes, sourceId: reminderSourceId(bookingId, start) };
}
