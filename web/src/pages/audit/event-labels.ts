import type { BookingStatus } from '../../api/types.js';
import type { Translate } from '../../i18n/i18n.js';

const BOOKING_EVENTS = [
  'BookingRequested', 'BookingConfirmed', 'BookingSubmittedForApproval', 'BookingApproved', 'BookingRejected', 'BookingChangeRequested',
  'BookingChanged', 'BookingChangeRejected', 'BookingCancelled', 'BookingCheckedIn', 'BookingCompleted', 'BookingMarkedNoShow',
] as const;
type BookingEventType = (typeof BOOKING_EVENTS)[number];

/** The booking event types, for the trail's event filter. */
export const bookingEventTypes: readonly string[] = BOOKING_EVENTS;

/** A booking event for people ("Cancelled"); other event types as they are named. */
export function eventLabel(t: Translate, type: string): string {
  return (BOOKING_EVENTS as readonly string[]).includes(type) ? t(`audit.event.${type as BookingEventType}`) : type;
}

export function statusLabel(t: Translate, status: BookingStatus): string {
  return t(`audit.status.${status}`);
}
