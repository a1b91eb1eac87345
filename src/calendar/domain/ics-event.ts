import type { BookingCalendarEntry } from './booking-calendar-entry.js';
import { raw, text, utc, type IcsComponent, type IcsProperty } from './ics.js';

/** What a calendar shows of a booking besides its times: feeds and invitations choose it per reader. */
export interface BookingEventContent {
  summary: string;
  location: string | null;
  description?: string;
  /** PRIVATE asks calendars that share the entry (delegates, room lists) to hide its details. */
  classification?: 'PUBLIC' | 'PRIVATE';
}

const STATUS = { tentative: 'TENTATIVE', confirmed: 'CONFIRMED', cancelled: 'CANCELLED' } as const;
/** Outlook's own busy state; without it a tentative booking would show as plain busy there. */
const OUTLOOK_BUSY = { tentative: 'TENTATIVE', confirmed: 'BUSY', cancelled: 'FREE' } as const;

/**
 * The VEVENT of a booking. UID and SEQUENCE come from the shared calendar entry so feeds,
 * invitations and Google agree; times are UTC (exact whatever the reader's zone). A cancelled
 * booking is TRANSPARENT so it never blocks free/busy. `extra` goes after the common properties
 * (ORGANIZER, ATTENDEE, URL, …).
 */
export function bookingVEvent(entry: BookingCalendarEntry, content: BookingEventContent, dtstamp: string | Date, extra: IcsProperty[] = []): IcsComponent {
  const properties: IcsProperty[] = [
    raw('UID', entry.uid),
    raw('SEQUENCE', String(entry.sequence)),
    utc('DTSTAMP', dtstamp),
    utc('DTSTART', entry.start),
    utc('DTEND', entry.end),
    utc('CREATED', entry.createdAt),
    utc('LAST-MODIFIED', entry.updatedAt),
    text('SUMMARY', content.summary),
  ];
  if (content.location !== null && content.location !== '') properties.push(text('LOCATION', content.location));
  if (content.description !== undefined && content.description !== '') properties.push(text('DESCRIPTION', content.description));
  properties.push(
    raw('STATUS', STATUS[entry.status]),
    raw('TRANSP', entry.status === 'cancelled' ? 'TRANSPARENT' : 'OPAQUE'),
    raw('X-MICROSOFT-CDO-BUSYSTATUS', OUTLOOK_BUSY[entry.status]),
  );
  if (content.classification !== undefined) properties.push(raw('CLASS', content.classification));
  properties.push(...extra);
  return { name: 'VEVENT', properties };
}
