import type { BookingCalendarEntry } from '../../../calendar/domain/booking-calendar-entry.js';
import { buildInvitation, type CalendarUser, type InvitationMethod } from '../../../calendar/domain/itip.js';
import type { StoredNotification } from '../notification-data.js';
import { notificationUrl } from './notification-templates.js';

export interface InvitationInput {
  notification: Pick<StoredNotification, 'recipientId' | 'data' | 'createdAt'>;
  /** The mail's sender: the room system owns the event. */
  organizer: CalendarUser;
  /** The person the email goes to. */
  attendee: CalendarUser;
  publicUrl: string;
  /** When the email is built (DTSTAMP). */
  now: Date;
}

/**
 * The iTIP message (METHOD:REQUEST or CANCEL) an email about a booking carries, so the reader's
 * calendar adds, moves or removes the entry itself; null when the notification has none.
 * UID and SEQUENCE come from the consumer's calendar entry (`evolveCalendarEntry`), so emails,
 * feeds and Google agree on them.
 */
export function notificationInvitation(input: InvitationInput): { method: InvitationMethod; content: string } | null {
  const { booking, invitation } = input.notification.data;
  if (!booking || !invitation) return null;
  // The notification carries what calendars show; the entry's other fields are not in an iTIP message.
  const entry: BookingCalendarEntry = {
    bookingId: booking.bookingId,
    uid: invitation.uid,
    sequence: invitation.sequence,
    status: invitation.status,
    bookerId: input.notification.recipientId,
    spaceId: booking.spaceId,
    siteId: booking.siteId,
    timeZone: booking.timeZone,
    start: booking.start,
    end: booking.end,
    purpose: booking.purpose,
    private: false,
    createdAt: input.notification.createdAt,
    updatedAt: input.notification.createdAt,
    pendingChange: null,
  };
  const location = [booking.spaceName, booking.siteName, booking.siteAddress].filter((part): part is string => !!part?.trim()).join(', ');
  const content = buildInvitation({
    entry,
    method: invitation.method,
    organizer: input.organizer,
    attendee: input.attendee,
    location: location || null,
    summary: booking.purpose.trim() || booking.spaceName || 'Reserva',
    description: notificationUrl(input.publicUrl, input.notification),
    now: input.now,
  });
  return { method: invitation.method, content };
}
