import type { BookingCalendarEntry } from '../domain/booking-calendar-entry.js';
import type { GoogleEventBody, GoogleSyncJob } from './google-calendar-ports.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Google event id of a booking, the same on every try: inserting it twice answers 409
 * instead of making a second event. Calendar ids are base32hex (`a-v`, `0-9`), 5–1024
 * characters; hex digits are base32hex, so a uuid's hex (or any id's UTF-8 bytes in hex) fits.
 */
export function googleEventId(bookingId: string): string {
  const hex = UUID.test(bookingId) ? bookingId.replaceAll('-', '').toLowerCase() : Buffer.from(bookingId, 'utf8').toString('hex');
  return `rsv${hex}`.slice(0, 1024);
}

/** The event for a booking that is not cancelled, in the booker's own calendar (so with its purpose, even when private). */
export function googleEventBody(entry: BookingCalendarEntry, place: GoogleSyncJob['place'], publicUrl: string): GoogleEventBody {
  const where = [place.spaceName, place.siteName, place.address, place.city].filter((part): part is string => Boolean(part));
  const summary = entry.purpose.trim() || (place.spaceName ? `Booking: ${place.spaceName}` : 'Reserva booking');
  const tentative = entry.status === 'tentative';
  return {
    summary,
    ...(where.length > 0 ? { location: where.join(', ') } : {}),
    description: `${tentative ? 'Not confirmed yet. ' : ''}Booked with Reserva: ${publicUrl}/bookings/${entry.bookingId}`,
    start: { dateTime: entry.start, timeZone: entry.timeZone },
    end: { dateTime: entry.end, timeZone: entry.timeZone },
    status: tentative ? 'tentative' : 'confirmed',
    // Others who can see the person's calendar see a private booking as busy only.
    visibility: entry.private ? 'private' : 'default',
    extendedProperties: { private: { reservaBookingId: entry.bookingId, reservaUid: entry.uid, reservaSequence: String(entry.sequence) } },
  };
}
