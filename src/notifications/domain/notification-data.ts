import type { BookingCalendarEntry } from '../../calendar/domain/booking-calendar-entry.js';
import type { NotificationKind } from './notification-kinds.js';

/** A booking as a notification shows it: names resolved when the notification was made. */
export interface NotifiedBooking {
  bookingId: string;
  spaceId: string;
  /** null when the consumer has not seen the space yet (its topic runs behind). */
  spaceName: string | null;
  siteId: string;
  siteName: string | null;
  siteAddress: string | null;
  /** The site's IANA time zone; start and end are UTC instants. */
  timeZone: string;
  start: string;
  end: string;
  purpose: string;
}

/**
 * What templates, the inbox and pushes render (column `notifications.data`). No secrets, no
 * email addresses; who acted is a relation to the recipient, not a name, so erasing someone
 * leaves nothing personal in other people's inboxes.
 */
export interface NotificationData {
  booking?: NotifiedBooking;
  /** Who caused it, seen from the recipient. */
  actor?: 'you' | 'booker' | 'staff' | 'approver' | 'system';
  /** Cancellation reason, approver's comment, blackout reason (free text someone typed). */
  reason?: string;
  /** For booking kinds: the iTIP message an email carries so calendars update themselves. */
  invitation?: { uid: string; sequence: number; method: 'REQUEST' | 'CANCEL'; status: BookingCalendarEntry['status'] };
  /** For account.new_login: when, and which browser (the person's own notification). */
  login?: { at: string; userAgent: string | null };
  /** For booking.disrupted: what hit the booking. */
  disruption?: { cause: 'blackout' | 'resource_retired'; start?: string; end?: string; resourceName?: string | null };
  /** For booking.rejected and booking.change_rejected: why (`declined` by an approver, a `conflict`, or `abandoned` placing). */
  rejectedBecause?: 'conflict' | 'declined' | 'abandoned';
  /** For booking.changed: the time the booking had before the change. */
  previous?: { start: string; end: string };
  /** For booking.change_rejected: the time that was asked for (the booking keeps its old one). */
  requested?: { start: string; end: string };
  /** For booking.reminder: how long before start the person asked to be reminded. */
  reminder?: { leadMinutes: number };
  /** For account.two_factor_changed. */
  twoFactor?: 'enabled' | 'disabled';
  /** For account.password_changed: changed while signed in, or reset by emailed link. */
  passwordChangedVia?: 'change' | 'reset';
}

/** A notification row as the inbox API, WebSocket and deliveries see it. */
export interface StoredNotification {
  id: number;
  recipientId: string;
  kind: NotificationKind;
  subjectId: string;
  data: NotificationData;
  createdAt: string;
  readAt: string | null;
}
