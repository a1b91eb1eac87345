import type pg from 'pg';
import type { CalendarFeedReader } from '../application/calendar-feed-ports.js';
import type { BookingCalendarEntry } from '../domain/booking-calendar-entry.js';
import type { FeedBooking, FeedPlace } from '../domain/ics-feed.js';
import type { SpaceBlackoutEntry } from '../domain/ics-feed-blackout.js';

// Catalog names are joined at read time: a booking may have been folded before its space or site.
const PLACE_COLUMNS = `s.name AS space_name, t.name AS site_name, t.address AS site_address`;

const PERSON_BOOKINGS = `
  SELECT e.entry, ${PLACE_COLUMNS}
    FROM calendar.entries e
    LEFT JOIN calendar.spaces s ON s.space_id = e.space_id
    LEFT JOIN calendar.sites t ON t.site_id = e.entry->>'siteId'
   WHERE e.booker_id = $1 AND e.ends_at > $2 AND ($4::text[] IS NULL OR e.entry->>'siteId' = ANY($4))
   ORDER BY e.starts_at, e.booking_id
   LIMIT $3`;

const SPACE_BOOKINGS = `
  SELECT entry FROM calendar.entries WHERE space_id = $1 AND ends_at > $2 ORDER BY starts_at, booking_id LIMIT $3`;

const SPACE_BLACKOUTS = `
  SELECT entry FROM calendar.space_blackouts
   WHERE space_id = $1 AND ends_at > $2 AND entry->>'state' IN ('declared', 'lifted')
   ORDER BY entry->>'start', blackout_id LIMIT $3`;

const SPACE_PLACE = `
  SELECT s.name AS space_name, t.name AS site_name, t.address AS site_address, t.time_zone
    FROM calendar.spaces s LEFT JOIN calendar.sites t ON t.site_id = s.site_id
   WHERE s.space_id = $1`;

interface PlaceRow {
  space_name: string | null;
  site_name: string | null;
  site_address: string | null;
}

const placeOf = (row: PlaceRow | undefined): FeedPlace => ({
  spaceName: row?.space_name ?? null,
  siteName: row?.site_name ?? null,
  siteAddress: row?.site_address ?? null,
});

/** Feed contents from schema `calendar`, written by the feed consumer. */
export class PostgresCalendarFeedReader implements CalendarFeedReader {
  constructor(private readonly pool: pg.Pool) {}

  async personBookings(personId: string, siteIds: readonly string[] | null, from: Date, limit: number): Promise<FeedBooking[]> {
    const { rows } = await this.pool.query<PlaceRow & { entry: BookingCalendarEntry }>(PERSON_BOOKINGS, [personId, from, limit, siteIds]);
    return rows.map((row) => ({ entry: row.entry, place: placeOf(row) }));
  }

  async spaceCalendar(spaceId: string, from: Date, limit: number) {
    const [place, bookings, blackouts] = await Promise.all([
      this.pool.query<PlaceRow & { time_zone: string | null }>(SPACE_PLACE, [spaceId]),
      this.pool.query<{ entry: BookingCalendarEntry }>(SPACE_BOOKINGS, [spaceId, from, limit]),
      this.pool.query<{ entry: SpaceBlackoutEntry }>(SPACE_BLACKOUTS, [spaceId, from, limit]),
    ]);
    const where = placeOf(place.rows[0]);
    return {
      place: where,
      timeZone: place.rows[0]?.time_zone ?? bookings.rows[0]?.entry.timeZone ?? null,
      bookings: bookings.rows.map(({ entry }) => ({ entry, place: where })),
      blackouts: blackouts.rows.map(({ entry }) => entry),
    };
  }
}
