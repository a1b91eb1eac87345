import ICAL from 'ical.js';
import type { BookingEvent, BookingRequested } from '../../booking/domain/booking.events.js';
import { evolveCalendarEntry, type BookingCalendarEntry } from './booking-calendar-entry.js';

/** Test fixtures shared by the calendar specs: booking events as the booking aggregate emits them. */
export const BOOKING_ID = '5d0c1d2e-7f3a-4b6c-9d8e-0f1a2b3c4d5e';

export function requested(overrides: Partial<BookingRequested['data']> = {}): BookingRequested {
  return {
    type: 'BookingRequested',
    data: {
      bookingId: BOOKING_ID, bookerId: 'ann', spaceId: 'room-1', siteId: 'lisbon', timeZone: 'Europe/Lisbon',
      purpose: 'Quarterly planning', approvalRequired: false, changeDeadlineMinutes: 60,
      placement: 1, start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T10:00:00.000Z', holdUntil: '2026-03-02T10:15:00.000Z',
      participants: 4, resources: [], buckets: [], reservations: [],
      ...overrides,
    },
  };
}

export const confirmed = (placement = 1, bookingId = BOOKING_ID): BookingEvent => ({ type: 'BookingConfirmed', data: { bookingId, placement } });

export function changeRequested(placement: number, start: string, end: string, purpose: string, bookingId = BOOKING_ID): BookingEvent {
  return {
    type: 'BookingChangeRequested',
    data: { bookingId, purpose, requestedBy: 'ann', placement, start, end, holdUntil: end, participants: 4, resources: [], buckets: [], reservations: [] },
  };
}

export const changed = (placement: number, bookingId = BOOKING_ID): BookingEvent => ({ type: 'BookingChanged', data: { bookingId, placement } });

export const cancelled = (bookingId = BOOKING_ID): BookingEvent => ({ type: 'BookingCancelled', data: { bookingId, cancelledBy: 'ann', reason: 'not needed', override: false } });

/** Folds `[event, occurredAt]` pairs into the calendar entry. */
export function entryAfter(events: readonly (readonly [BookingEvent, string])[]): BookingCalendarEntry {
  const entry = events.reduce<BookingCalendarEntry | null>((e, [event, at]) => evolveCalendarEntry(e, event, at), null);
  if (entry === null) throw new Error('no BookingRequested among the events');
  return entry;
}

// RFC 5545 §3.8.8.2: an X- property's default value type is TEXT. ical.js leaves unknown
// properties unparsed, so tell it, to read calendar names back unescaped.
ICAL.design.icalendar.property['x-wr-calname'] = { defaultType: 'text' };

/** The calendar an independent parser (ical.js) reads from `ics`, and its VEVENTs. */
export function parseIcs(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents('vevent');
  const byUid = (uid: string) => events.find((e) => e.getFirstPropertyValue('uid') === uid)!;
  return { calendar, events, byUid };
}
