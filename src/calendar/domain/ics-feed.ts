import type { BookingCalendarEntry } from './booking-calendar-entry.js';
import { bookingVEvent } from './ics-event.js';
import { blackoutShown, type SpaceBlackoutEntry } from './ics-feed-blackout.js';
import { raw, serializeComponent, text, utc, type IcsComponent, type IcsProperty, RESERVA_PRODID } from './ics.js';

/** Where a booking takes place, as the feed consumer last saw it in the catalog (null: not seen yet). */
export interface FeedPlace {
  spaceName: string | null;
  siteName: string | null;
  siteAddress: string | null;
}

export interface FeedBooking {
  entry: BookingCalendarEntry;
  place: FeedPlace;
}

/**
 * How often subscribers should fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL). Clients
 * send If-None-Match, so an unchanged feed costs a 304.
 */
export const FEED_REFRESH = 'PT15M';
/** Busy-only summary of a private booking in a space feed. */
export const PRIVATE_SUMMARY = 'Busy';
export const BLACKOUT_SUMMARY = 'Unavailable';

export const blackoutUid = (blackoutId: string): string => `blackout-${blackoutId}@reserva`;

/** "Room 1, Lisbon HQ, Av. da Liberdade 1": the space, then the site's name and address. */
export function feedLocation(place: FeedPlace): string | null {
  const parts = [place.spaceName, place.siteName, place.siteAddress].filter((p): p is string => p !== null && p !== '');
  return parts.length === 0 ? null : parts.join(', ');
}

/**
 * The person's own feed: every booking they made, with its purpose and place. Cancelled and
 * rejected bookings stay (STATUS:CANCELLED, higher SEQUENCE) so subscribed calendars mark them
 * instead of guessing why an entry vanished.
 */
export function buildPersonFeed(input: { calendarName: string; bookings: readonly FeedBooking[] }): string {
  return feed(input.calendarName, null, input.bookings.map(({ entry, place }) => bookingVEvent(entry, {
    summary: entry.purpose,
    location: feedLocation(place),
    description: personDescription(entry, place),
    ...(entry.private ? { classification: 'PRIVATE' as const } : {}),
  }, entry.updatedAt)));
}

/**
 * A room's feed: when the space is taken and by what, for the people who plan around it. Every
 * booking of the space (a private one only as "Busy": no purpose, CLASS:PRIVATE), bookings
 * awaiting approval as TENTATIVE (the slot is held), cancelled ones as STATUS:CANCELLED, and the
 * space's blackouts as "Unavailable" with their reason. No booker names: the feed is read by
 * anyone with the space's link.
 */
export function buildSpaceFeed(input: { calendarName: string; timeZone: string | null; place: FeedPlace; bookings: readonly FeedBooking[]; blackouts: readonly SpaceBlackoutEntry[] }): string {
  const location = feedLocation(input.place);
  const bookings = input.bookings.map(({ entry }) => bookingVEvent(entry, entry.private
    ? { summary: PRIVATE_SUMMARY, location, classification: 'PRIVATE' }
    : { summary: entry.purpose, location, classification: 'PUBLIC' }, entry.updatedAt));
  const blackouts = input.blackouts.filter(blackoutShown).map((b) => blackoutVEvent(b, location));
  const events = [...bookings, ...blackouts].sort((a, b) => startOf(a).localeCompare(startOf(b)) || uidOf(a).localeCompare(uidOf(b)));
  return feed(input.calendarName, input.timeZone, events);
}

function feed(calendarName: string, timeZone: string | null, events: IcsComponent[]): string {
  const properties: IcsProperty[] = [
    raw('PRODID', RESERVA_PRODID),
    raw('VERSION', '2.0'),
    raw('CALSCALE', 'GREGORIAN'),
    text('NAME', calendarName),
    text('X-WR-CALNAME', calendarName),
    raw('REFRESH-INTERVAL', FEED_REFRESH, { VALUE: 'DURATION' }),
    raw('X-PUBLISHED-TTL', FEED_REFRESH),
  ];
  // Times are UTC; the zone only tells clients (Google, Apple) how to present the calendar.
  if (timeZone !== null) properties.push(raw('X-WR-TIMEZONE', timeZone));
  return serializeComponent({ name: 'VCALENDAR', properties, components: events });
}

function personDescription(entry: BookingCalendarEntry, place: FeedPlace): string {
  const lines = [feedLocation(place) ?? ''];
  if (entry.status === 'tentative') lines.push('Awaiting confirmation.');
  if (entry.status === 'cancelled') lines.push('This booking was cancelled.');
  if (entry.private) lines.push('Private: space calendars show it as busy only.');
  return lines.filter((l) => l !== '').join('\n');
}

function blackoutVEvent(blackout: SpaceBlackoutEntry, location: string | null): IcsComponent {
  const closed = blackout.state === 'declared';
  const properties: IcsProperty[] = [
    raw('UID', blackoutUid(blackout.blackoutId)),
    raw('SEQUENCE', String(blackout.sequence)),
    utc('DTSTAMP', blackout.updatedAt),
    utc('DTSTART', blackout.start),
    utc('DTEND', blackout.end),
    utc('CREATED', blackout.createdAt),
    utc('LAST-MODIFIED', blackout.updatedAt),
    text('SUMMARY', BLACKOUT_SUMMARY),
  ];
  if (location !== null) properties.push(text('LOCATION', location));
  if (blackout.reason !== '') properties.push(text('DESCRIPTION', blackout.reason));
  properties.push(
    raw('STATUS', closed ? 'CONFIRMED' : 'CANCELLED'),
    raw('TRANSP', closed ? 'OPAQUE' : 'TRANSPARENT'),
    raw('CLASS', 'PUBLIC'),
  );
  return { name: 'VEVENT', properties };
}

const propertyValue = (event: IcsComponent, name: string): string => event.properties.find((p) => p.name === name)?.value ?? '';
const startOf = (event: IcsComponent): string => propertyValue(event, 'DTSTART');
const uidOf = (event: IcsComponent): string => propertyValue(event, 'UID');
