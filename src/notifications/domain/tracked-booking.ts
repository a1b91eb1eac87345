import { evolveCalendarEntry, type BookingCalendarEntry } from '../../calendar/domain/booking-calendar-entry.js';
import type { BookingEvent, BookingStatus, ResourceLine } from '../../booking/domain/booking.events.js';
import { assertNever } from '../../shared/domain/decider.js';
import type { NotificationData, NotifiedBooking } from './notification-data.js';

/**
 * A booking as the notifications consumer keeps it: the calendar entry every booking message
 * shares (times, purpose, UID, SEQUENCE) plus what deciding who is told needs — the status,
 * the resources held, and who asked for the booking and for a change still being placed.
 */
export interface TrackedBooking {
  entry: BookingCalendarEntry;
  status: BookingStatus;
  resources: ResourceLine[];
  /** Who made the request: the booker, or staff booking for them. */
  requestedBy: string;
  pendingChange: { placement: number; resources: ResourceLine[]; requestedBy: string } | null;
}

/** Names of the place, as far as the consumer has seen them (null until the catalog topic catches up). */
export interface PlaceNames {
  spaceName: string | null;
  siteName: string | null;
  siteAddress: string | null;
}

export const UNKNOWN_PLACE: PlaceNames = { spaceName: null, siteName: null, siteAddress: null };

const ACTIVE: ReadonlySet<BookingStatus> = new Set<BookingStatus>(['placing', 'pending_approval', 'confirmed', 'checked_in']);

/** Still holding its slot. */
export function isActive(booking: TrackedBooking): boolean {
  return ACTIVE.has(booking.status);
}

/**
 * The booking after `event`, caused by `actorId` at `occurredAt`; null while the consumer has
 * not seen it requested (a booking's events share one partition, so that is only ever a
 * booking requested before the consumer's log begins).
 */
export function evolveTrackedBooking(booking: TrackedBooking | null, event: BookingEvent, occurredAt: string, actorId: string): TrackedBooking | null {
  const entry = evolveCalendarEntry(booking?.entry ?? null, event, occurredAt);
  if (event.type === 'BookingRequested') {
    return { entry: entry!, status: 'placing', resources: event.data.resources, requestedBy: actorId, pendingChange: null };
  }
  if (booking === null || entry === null) return null;
  const next = { ...booking, entry };
  switch (event.type) {
    case 'BookingConfirmed':
    case 'BookingApproved':
      return { ...next, status: 'confirmed' };
    case 'BookingSubmittedForApproval':
      return { ...next, status: 'pending_approval' };
    case 'BookingRejected':
      return { ...next, status: 'rejected', pendingChange: null };
    case 'BookingCancelled':
      return { ...next, status: 'cancelled', pendingChange: null };
    case 'BookingMarkedNoShow':
      return { ...next, status: 'no_show', pendingChange: null };
    case 'BookingCheckedIn':
      return { ...next, status: 'checked_in' };
    case 'BookingCompleted':
      return { ...next, status: 'completed' };
    case 'BookingChangeRequested':
      return { ...next, pendingChange: { placement: event.data.placement, resources: event.data.resources, requestedBy: event.data.requestedBy } };
    case 'BookingChanged': {
      const change = booking.pendingChange;
      if (change?.placement !== event.data.placement) return next;
      return { ...next, resources: change.resources, pendingChange: null };
    }
    case 'BookingChangeRejected':
      return booking.pendingChange?.placement === event.data.placement ? { ...next, pendingChange: null } : next;
    default:
      return assertNever(event);
  }
}

/** The booking as a notification shows it. */
export function notifiedBooking(booking: TrackedBooking, place: PlaceNames): NotifiedBooking {
  const { entry } = booking;
  return {
    bookingId: entry.bookingId,
    spaceId: entry.spaceId,
    spaceName: place.spaceName,
    siteId: entry.siteId,
    siteName: place.siteName,
    siteAddress: place.siteAddress,
    timeZone: entry.timeZone,
    start: entry.start,
    end: entry.end,
    purpose: entry.purpose,
  };
}

/** The iTIP message an email about the booking carries, so the booker's calendar follows it. */
export function invitationOf(booking: TrackedBooking): NonNullable<NotificationData['invitation']> {
  const { uid, sequence, status } = booking.entry;
  return { uid, sequence, method: status === 'cancelled' ? 'CANCEL' : 'REQUEST', status };
}
