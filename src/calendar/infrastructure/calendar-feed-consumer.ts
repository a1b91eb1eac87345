import type pg from 'pg';
import { BOOKING_EVENT_TYPES, type BookingEvent } from '../../booking/domain/booking.events.js';
import type { BlackoutEvent, SiteEvent, SpaceEvent } from '../../catalog/domain/catalog.events.js';
import type { UserErased } from '../../identity/domain/identity.events.js';
import { runConsumer, type ConsumerOptions, type RunningConsumer } from '../../messaging/consumer.js';
import { messageToEvent } from '../../messaging/event-message.js';
import type { RecordedEvent } from '../../shared/event-store/event-store.js';
import { evolveCalendarEntry, type BookingCalendarEntry } from '../domain/booking-calendar-entry.js';
import { evolveSpaceBlackout, type SpaceBlackoutEntry } from '../domain/ics-feed-blackout.js';
import { ensureCalendarSchema } from './calendar-schema.js';
import { REVOKE_ALL_OF_OWNER } from './feed-token-store.js';

/** Consumer group and processed-events name of the ICS feeds. */
export const CALENDAR_FEED_CONSUMER = 'calendar-feeds';
/** Bookings, the catalog names feeds show, and erasures (whose feed tokens die). */
export const CALENDAR_FEED_TOPICS = ['reserva.booking', 'reserva.catalog', 'reserva.identity'] as const;

const BOOKING_TYPES = new Set<string>(BOOKING_EVENT_TYPES);
const BLACKOUT_TYPES = new Set<string>(['BlackoutRequested', 'BlackoutDeclared', 'BlackoutRefused', 'BlackoutLifted'] satisfies BlackoutEvent['type'][]);

const LOAD_ENTRY = `SELECT revision, entry FROM calendar.entries WHERE booking_id = $1 FOR UPDATE`;
const SAVE_ENTRY = `
  INSERT INTO calendar.entries (booking_id, booker_id, space_id, revision, starts_at, ends_at, entry) VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (booking_id) DO UPDATE SET revision = excluded.revision, starts_at = excluded.starts_at, ends_at = excluded.ends_at, entry = excluded.entry`;

const LOAD_ENTRIES = `SELECT booking_id, revision, entry FROM calendar.entries WHERE booking_id = ANY($1::text[]) ORDER BY booking_id FOR UPDATE`;
const SAVE_ENTRIES = `
  INSERT INTO calendar.entries (booking_id, booker_id, space_id, revision, starts_at, ends_at, entry)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::jsonb[])
  ON CONFLICT (booking_id) DO UPDATE SET revision = excluded.revision, starts_at = excluded.starts_at, ends_at = excluded.ends_at, entry = excluded.entry`;

const LOAD_BLACKOUT = `SELECT revision, entry FROM calendar.space_blackouts WHERE blackout_id = $1 FOR UPDATE`;
const SAVE_BLACKOUT = `
  INSERT INTO calendar.space_blackouts (blackout_id, space_id, revision, ends_at, entry) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (blackout_id) DO UPDATE SET revision = excluded.revision, ends_at = excluded.ends_at, entry = excluded.entry`;

const UPSERT_SITE = `
  INSERT INTO calendar.sites (site_id, name, address, time_zone) VALUES ($1, $2, $3, $4)
  ON CONFLICT (site_id) DO UPDATE SET name = excluded.name, address = excluded.address, time_zone = excluded.time_zone`;
const UPDATE_SITE = `UPDATE calendar.sites SET name = coalesce($2, name), address = coalesce($3, address) WHERE site_id = $1`;
const UPSERT_SPACE = `
  INSERT INTO calendar.spaces (space_id, site_id, name) VALUES ($1, $2, $3)
  ON CONFLICT (space_id) DO UPDATE SET site_id = excluded.site_id, name = excluded.name`;
const RENAME_SPACE = `UPDATE calendar.spaces SET name = $2 WHERE space_id = $1`;

/**
 * Applies one event to schema `calendar` with `client`, in the consumer's transaction. Bookings
 * and space blackouts are folded with the shared calendar folds; each row keeps the stream
 * revision it has seen, so an older or repeated event changes nothing.
 */
export async function applyToCalendarFeeds(client: pg.ClientBase, event: RecordedEvent): Promise<void> {
  const occurredAt = event.metadata.occurredAt;
  if (BOOKING_TYPES.has(event.type)) return foldBooking(client, event as RecordedEvent & BookingEvent, occurredAt);
  if (BLACKOUT_TYPES.has(event.type)) return foldBlackout(client, event as RecordedEvent & BlackoutEvent, occurredAt);
  const catalog = event as RecordedEvent & (SiteEvent | SpaceEvent);
  switch (catalog.type) {
    case 'SiteRegistered': {
      const { siteId, name, address, timeZone } = catalog.data;
      await client.query(UPSERT_SITE, [siteId, name, address, timeZone]);
      return;
    }
    case 'SiteUpdated':
      await client.query(UPDATE_SITE, [catalog.data.siteId, catalog.data.name ?? null, catalog.data.address ?? null]);
      return;
    case 'SpaceCreated':
      await client.query(UPSERT_SPACE, [catalog.data.spaceId, catalog.data.siteId, catalog.data.name]);
      return;
    case 'SpaceUpdated':
      if (catalog.data.name !== undefined) await client.query(RENAME_SPACE, [catalog.data.spaceId, catalog.data.name]);
      return;
    default:
      break;
  }
  if (event.type === 'UserErased') await client.query(REVOKE_ALL_OF_OWNER, [(event.data as UserErased['data']).userId]);
}

async function foldBooking(client: pg.ClientBase, event: RecordedEvent & BookingEvent, occurredAt: string): Promise<void> {
  const row = (await client.query<{ revision: number; entry: BookingCalendarEntry }>(LOAD_ENTRY, [event.data.bookingId])).rows[0];
  if (row && event.revision <= row.revision) return;
  const entry = evolveCalendarEntry(row?.entry ?? null, event, occurredAt);
  if (entry === null) return;
  await client.query(SAVE_ENTRY, [entry.bookingId, entry.bookerId, entry.spaceId, event.revision, entry.start, entry.end, entry]);
}

async function foldBlackout(client: pg.ClientBase, event: RecordedEvent & BlackoutEvent, occurredAt: string): Promise<void> {
  const row = (await client.query<{ revision: number; entry: SpaceBlackoutEntry }>(LOAD_BLACKOUT, [event.data.blackoutId])).rows[0];
  if (row && event.revision <= row.revision) return;
  const entry = evolveSpaceBlackout(row?.entry ?? null, event, occurredAt);
  if (entry === null) return;
  await client.query(SAVE_BLACKOUT, [entry.blackoutId, entry.spaceId, event.revision, entry.end, entry]);
}

/**
 * foldBooking for a run of booking events in log order: the entries read (locked) and written
 * with one statement each for the whole run, each folded in memory as it would be one by one.
 */
async function foldBookings(client: pg.ClientBase, events: readonly (RecordedEvent & BookingEvent)[]): Promise<void> {
  if (events.length === 0) return;
  const { rows } = await client.query<{ booking_id: string; revision: number; entry: BookingCalendarEntry }>(LOAD_ENTRIES, [[...new Set(events.map((e) => e.data.bookingId))]]);
  const folded = new Map(rows.map((r) => [r.booking_id, { revision: r.revision, entry: r.entry, changed: false }]));
  for (const event of events) {
    const row = folded.get(event.data.bookingId);
    if (row && event.revision <= row.revision) continue;
    const entry = evolveCalendarEntry(row?.entry ?? null, event, event.metadata.occurredAt);
    if (entry === null) continue;
    folded.set(entry.bookingId, { revision: event.revision, entry, changed: true });
  }
  const changed = [...folded.values()].filter((r) => r.changed);
  if (changed.length === 0) return;
  await client.query(SAVE_ENTRIES, [
    changed.map((r) => r.entry.bookingId), changed.map((r) => r.entry.bookerId), changed.map((r) => r.entry.spaceId), changed.map((r) => r.revision),
    changed.map((r) => r.entry.start), changed.map((r) => r.entry.end), changed.map((r) => JSON.stringify(r.entry)),
  ]);
}

/**
 * The runConsumer batch handler of the ICS feeds: runs of booking events (a booking topic
 * partition's batch) are folded together (foldBookings); other events one by one.
 */
export function calendarFeedConsumerBatch(): NonNullable<ConsumerOptions['handleMany']> {
  return async (messages, client) => {
    let run: (RecordedEvent & BookingEvent)[] = [];
    for (const message of messages) {
      const event = messageToEvent(message);
      if (BOOKING_TYPES.has(event.type)) {
        run.push(event as RecordedEvent & BookingEvent);
        continue;
      }
      await foldBookings(client, run);
      run = [];
      await applyToCalendarFeeds(client, event);
    }
    await foldBookings(client, run);
  };
}

/** The runConsumer handler of the ICS feeds. */
export function calendarFeedConsumer(): ConsumerOptions['handle'] {
  return (message, client) => applyToCalendarFeeds(client, messageToEvent(message));
}

/** Creates schema `calendar` and runs the feed consumer on `source`. */
export async function startCalendarFeedConsumer(
  options: Pick<ConsumerOptions, 'source' | 'publisher' | 'pool' | 'retries' | 'onError'> & { name?: string },
): Promise<RunningConsumer> {
  await ensureCalendarSchema(options.pool);
  return runConsumer({ ...options, name: options.name ?? CALENDAR_FEED_CONSUMER, topics: CALENDAR_FEED_TOPICS, handle: calendarFeedConsumer(), handleMany: calendarFeedConsumerBatch() });
}
