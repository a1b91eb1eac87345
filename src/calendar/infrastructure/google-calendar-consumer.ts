import type pg from 'pg';
import { BOOKING_EVENT_TYPES, type BookingEvent } from '../../booking/domain/booking.events.js';
import type { SiteRegistered, SiteUpdated, SpaceCreated, SpaceUpdated } from '../../catalog/domain/catalog.events.js';
import type { UserErased } from '../../identity/domain/identity.events.js';
import { runConsumer, type ConsumerOptions, type RunningConsumer } from '../../messaging/consumer.js';
import { messageToEvent } from '../../messaging/event-message.js';
import type { RecordedEvent } from '../../shared/event-store/event-store.js';
import { evolveCalendarEntry, type BookingCalendarEntry } from '../domain/booking-calendar-entry.js';
import { ensureGoogleSyncSchema } from './google-sync-schema.js';
import { LOCK_PERSON, SIGNAL_SYNC } from './google-sync-store.js';

/** Consumer group and processed-events name of Google Calendar sync. */
export const GOOGLE_CALENDAR_CONSUMER = 'google-calendar';
/** Bookings; sites and spaces for the event's location; erasures. */
export const GOOGLE_CALENDAR_TOPICS = ['reserva.booking', 'reserva.catalog', 'reserva.identity'] as const;

const BOOKING_TYPES = new Set<string>(BOOKING_EVENT_TYPES);

const SAVE_ENTRY = `
  INSERT INTO google_sync.entries (booking_id, booker_id, revision, entry, ends_at, status) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (booking_id) DO UPDATE SET revision = excluded.revision, entry = excluded.entry, ends_at = excluded.ends_at, status = excluded.status`;

// Only for connected people, and only for bookings still to come or already in their calendar
// (a consumer started over an old log does not fill calendars with the past).
const QUEUE_JOB = `
  INSERT INTO google_sync.jobs (booking_id, user_id, desired_sequence, status, next_attempt_at, updated_at)
  SELECT $1, c.user_id, $3, 'pending', $4, $4 FROM google_sync.connections c
   WHERE c.user_id = $2 AND c.refresh_token IS NOT NULL
     AND ($5::timestamptz > $4 OR EXISTS (SELECT 1 FROM google_sync.jobs j WHERE j.booking_id = $1 AND j.user_id = $2))
  ON CONFLICT (booking_id, user_id) DO UPDATE SET
    desired_sequence = greatest(google_sync.jobs.desired_sequence, excluded.desired_sequence),
    status = 'pending',
    -- A job backing off (Retry-After, throttling) keeps its pace; a settled one starts afresh.
    attempts = CASE WHEN google_sync.jobs.status = 'pending' THEN google_sync.jobs.attempts ELSE 0 END,
    next_attempt_at = CASE WHEN google_sync.jobs.status = 'pending' THEN google_sync.jobs.next_attempt_at ELSE excluded.next_attempt_at END,
    updated_at = excluded.updated_at`;

/**
 * The runConsumer handler of Google Calendar sync: folds each booking with evolveCalendarEntry
 * into `google_sync.entries` and, when its calendar-visible state changed and its booker is
 * connected, queues a sync job for the worker. A booking event at or below the stream revision
 * already folded is a redelivery and changes nothing. `clock` decides what is still to come.
 */
export function googleCalendarConsumer(clock: () => Date): ConsumerOptions['handle'] {
  return async (message, client) => {
    const event = messageToEvent(message);
    if (BOOKING_TYPES.has(event.type)) return foldBooking(client, event as RecordedEvent<BookingEvent['data']> & { type: BookingEvent['type'] }, clock());
    switch (event.type) {
      case 'SiteRegistered': {
        const d = event.data as SiteRegistered['data'];
        await client.query(
          `INSERT INTO google_sync.sites (site_id, name, address, city) VALUES ($1, $2, $3, $4)
           ON CONFLICT (site_id) DO UPDATE SET name = excluded.name, address = excluded.address, city = excluded.city`,
          [d.siteId, d.name, d.address, d.city],
        );
        return;
      }
      case 'SiteUpdated': {
        const d = event.data as SiteUpdated['data'];
        await client.query('UPDATE google_sync.sites SET name = coalesce($2, name), address = coalesce($3, address), city = coalesce($4, city) WHERE site_id = $1', [
          d.siteId, d.name ?? null, d.address ?? null, d.city ?? null,
        ]);
        return;
      }
      case 'SpaceCreated': {
        const d = event.data as SpaceCreated['data'];
        await client.query(
          `INSERT INTO google_sync.spaces (space_id, site_id, name) VALUES ($1, $2, $3)
           ON CONFLICT (space_id) DO UPDATE SET site_id = excluded.site_id, name = excluded.name`,
          [d.spaceId, d.siteId, d.name],
        );
        return;
      }
      case 'SpaceUpdated': {
        const d = event.data as SpaceUpdated['data'];
        if (d.name !== undefined) await client.query('UPDATE google_sync.spaces SET name = $2 WHERE space_id = $1', [d.spaceId, d.name]);
        return;
      }
      case 'UserErased': {
        // Their token is unreadable already (the vault key is gone); nothing of theirs is kept.
        const { userId } = event.data as UserErased['data'];
        await client.query('DELETE FROM google_sync.connections WHERE user_id = $1', [userId]);
        await client.query('DELETE FROM google_sync.jobs WHERE user_id = $1', [userId]);
        await client.query('DELETE FROM google_sync.oauth_states WHERE user_id = $1', [userId]);
        await client.query('DELETE FROM google_sync.entries WHERE booker_id = $1', [userId]);
        return;
      }
      default:
        return;
    }
  };
}

async function foldBooking(client: pg.PoolClient, event: RecordedEvent<BookingEvent['data']> & { type: BookingEvent['type'] }, now: Date): Promise<void> {
  const { rows } = await client.query<{ revision: number; entry: BookingCalendarEntry }>('SELECT revision, entry FROM google_sync.entries WHERE booking_id = $1 FOR UPDATE', [
    event.data.bookingId,
  ]);
  const previous = rows[0];
  if (previous && event.revision <= previous.revision) return;
  const entry = evolveCalendarEntry(previous?.entry ?? null, { type: event.type, data: event.data } as BookingEvent, event.metadata.occurredAt);
  if (entry === null) return;
  await client.query(SAVE_ENTRY, [entry.bookingId, entry.bookerId, event.revision, JSON.stringify(entry), entry.end, entry.status]);
  if (previous && previous.entry.sequence === entry.sequence) return;
  await client.query(LOCK_PERSON, [entry.bookerId]);
  const queued = await client.query(QUEUE_JOB, [entry.bookingId, entry.bookerId, entry.sequence, now, entry.end]);
  if (queued.rowCount !== 0) await client.query(SIGNAL_SYNC, [entry.bookerId]);
}

/** Creates schema `google_sync` and runs the Google Calendar sync consumer on `source`. */
export async function startGoogleCalendarConsumer(
  options: Pick<ConsumerOptions, 'source' | 'publisher' | 'retries' | 'onError'> & { pool: pg.Pool; name?: string; clock?: () => Date },
): Promise<RunningConsumer> {
  await ensureGoogleSyncSchema(options.pool);
  const { clock = () => new Date(), ...rest } = options;
  return runConsumer({ ...rest, name: options.name ?? GOOGLE_CALENDAR_CONSUMER, topics: GOOGLE_CALENDAR_TOPICS, handle: googleCalendarConsumer(clock) });
}
