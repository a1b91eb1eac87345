import type { BookingEvent } from '../../booking/domain/booking.events.js';
import { assertNever } from '../../shared/domain/decider.js';

/**
 * A booking as calendars see it (RFC 5545 VEVENT / RFC 5546 iTIP). ICS feeds, email
 * invitations and Google Calendar all fold booking events with `evolveCalendarEntry`, so they
 * agree on the UID, the SEQUENCE and what changed.
 */
export interface BookingCalendarEntry {
  bookingId: string;
  /** Stable for the booking's life: every calendar matches updates and cancellations by it. */
  uid: string;
  /** Raised by one on every change a calendar must show (status, time, purpose). */
  sequence: number;
  status: 'tentative' | 'confirmed' | 'cancelled';
  bookerId: string;
  spaceId: string;
  siteId: string;
  /** The site's time zone (IANA); start and end are UTC instants. */
  timeZone: string;
  start: string;
  end: string;
  purpose: string;
  /** Space feeds show a private booking as busy only. */
  private: boolean;
  createdAt: string;
  /** When the calendar-visible state last changed (LAST-MODIFIED). */
  updatedAt: string;
  /** A requested change not yet placed: it becomes the entry's time on BookingChanged. */
  pendingChange: { placement: number; start: string; end: string; purpose: string } | null;
}

export const calendarUid = (bookingId: string): string => `booking-${bookingId}@reserva`;

/**
 * The entry after `event` (which occurred at `occurredAt`), or the same object when the event
 * changes nothing a calendar shows. null before the booking exists.
 */
export function evolveCalendarEntry(entry: BookingCalendarEntry | null, event: BookingEvent, occurredAt: string): BookingCalendarEntry | null {
  if (event.type === 'BookingRequested') {
    const d = event.data;
    return {
      bookingId: d.bookingId, uid: calendarUid(d.bookingId), sequence: 0, status: 'tentative',
      bookerId: d.bookerId, spaceId: d.spaceId, siteId: d.siteId, timeZone: d.timeZone,
      start: d.start, end: d.end, purpose: d.purpose, private: d.private ?? false,
      createdAt: occurredAt, updatedAt: occurredAt, pendingChange: null,
    };
  }
  if (entry === null) return null;
  const bump = (change: Partial<BookingCalendarEntry>): BookingCalendarEntry => ({ ...entry, ...change, sequence: entry.sequence + 1, updatedAt: occurredAt });
  switch (event.type) {
    case 'BookingConfirmed':
    case 'BookingApproved':
      return entry.status === 'tentative' ? bump({ status: 'confirmed' }) : entry;
    case 'BookingRejected':
    case 'BookingCancelled':
      return entry.status === 'cancelled' ? entry : bump({ status: 'cancelled', pendingChange: null });
    case 'BookingChangeRequested': {
      const { placement, start, end, purpose } = event.data;
      return { ...entry, pendingChange: { placement, start, end, purpose } };
    }
    case 'BookingChanged': {
      const change = entry.pendingChange;
      if (change === null || change.placement !== event.data.placement) return entry;
      return bump({ start: change.start, end: change.end, purpose: change.purpose, pendingChange: null });
    }
    case 'BookingChangeRejected':
      return entry.pendingChange?.placement === event.data.placement ? { ...entry, pendingChange: null } : entry;
    case 'BookingSubmittedForApproval':
    case 'BookingCheckedIn':
    case 'BookingCompleted':
    case 'BookingMarkedNoShow':
      return entry;
    default:
      return assertNever(event);
  }
}
