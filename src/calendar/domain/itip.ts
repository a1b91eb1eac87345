import type { BookingCalendarEntry } from './booking-calendar-entry.js';
import { bookingVEvent } from './ics-event.js';
import { mailto, raw, serializeComponent, RESERVA_PRODID } from './ics.js';

export type InvitationMethod = 'REQUEST' | 'CANCEL';

export interface CalendarUser {
  email: string;
  name?: string;
}

export interface InvitationInput {
  entry: BookingCalendarEntry;
  method: InvitationMethod;
  /** The room system (the mail's From): it owns the event, so updates from it replace the attendee's copy. */
  organizer: CalendarUser;
  /** The booker receiving the mail. */
  attendee: CalendarUser;
  location: string | null;
  summary: string;
  description?: string;
  /** When the message is built (DTSTAMP): clients order equal-SEQUENCE updates by it. */
  now: Date;
}

/** REQUEST while the booking stands, CANCEL once it is cancelled or rejected. */
export function invitationMethod(entry: BookingCalendarEntry): InvitationMethod {
  return entry.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
}

/**
 * The MIME type of the invitation part. Outlook and Apple Mail only treat the part as a
 * meeting message when `method` is repeated here.
 */
export function invitationContentType(method: InvitationMethod): string {
  return `text/calendar; charset=utf-8; method=${method}`;
}

/**
 * An iTIP (RFC 5546) message for one booking: METHOD:REQUEST creates or updates the attendee's
 * entry (same UID, higher SEQUENCE), METHOD:CANCEL removes it. The booker asked for the booking
 * and the room system decides it, so the attendee is already ACCEPTED and RSVP=FALSE: Outlook,
 * Gmail and Apple Calendar add/update the entry without asking for a reply nobody reads. A
 * booking awaiting approval goes out as STATUS:TENTATIVE.
 */
export function buildInvitation(input: InvitationInput): string {
  const { entry, method } = input;
  if (method !== invitationMethod(entry)) {
    throw new RangeError(`a ${entry.status} booking calls for METHOD:${invitationMethod(entry)}, not ${method}`);
  }
  const organizer = raw('ORGANIZER', mailto(input.organizer.email), withName(input.organizer, {}));
  const attendee = raw('ATTENDEE', mailto(input.attendee.email), withName(input.attendee, {
    CUTYPE: 'INDIVIDUAL', ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'ACCEPTED', RSVP: 'FALSE',
  }));
  const event = bookingVEvent(entry, {
    summary: input.summary,
    location: input.location,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(entry.private ? { classification: 'PRIVATE' as const } : {}),
  }, input.now, [organizer, attendee]);
  return serializeComponent({
    name: 'VCALENDAR',
    properties: [raw('PRODID', RESERVA_PRODID), raw('VERSION', '2.0'), raw('CALSCALE', 'GREGORIAN'), raw('METHOD', method)],
    components: [event],
  });
}

function withName(user: CalendarUser, params: Record<string, string>): Record<string, string> {
  return user.name !== undefined && user.name !== '' ? { CN: user.name, ...params } : params;
}
