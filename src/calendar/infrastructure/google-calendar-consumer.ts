import type pg from 'pg';
import { BOOKING_EVENT_TYPES, type BookingEvent } from '../../booking/domain/booking.events.js';
import type { SiteRegistered, SiteUpdated, SpaceCreated, SpaceUpdated } from '../../catalog/domain/catalog.events.js';
import type { UserErased } from '../../identity/domain/identity.events.js';
import { runConsumer, type ConsumerOptions, type RunningConsumer } from '../../messaging/consumer.js';
import { messageToEvent } from '../../messaging/event-message.js';
import type { RecordedEvent } from '../../shared/event-store/event-store.js';
import { evolveCalendarEntry, type BookingCalendarEntry } from '../domain/booking-calendar-entry.js';
import { ensureGoogleSyncSchema, GOOGLE_SYNC_SIGNAL_CHANNEL } from './google-sync-schema.js';
import { LOCK_PERSON_SHARED, SIGNAL_SYNC } from './google-sync-store.js';

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

const LOAD_ENTRIES = 'SELECT booking_id, revision, entry FROM google_sync.entries WHERE booking_id = ANY($1::text[]) ORDER BY booking_id FOR UPDATE';
const SAVE_ENTRIES = `
  INSERT INTO google_sync.entries (booking_id, booker_id, revision, entry, ends_at, status)
  SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[], $5::timestamptz[], $6::text[])
  ON CONFLICT (booking_id) DO UPDATE SET revision = excluded.revision, entry = excluded.entry, ends_at = excluded.ends_at, status = excluded.status`;
// The people's locks shared, in one order for every batch.
const LOCK_PEOPLE_SHARED = `SELECT pg_advisory_xact_lock_shared(hashtext('reserva.google_sync.person:' || p)) FROM unnest($1::text[]) AS p ORDER BY p`;
// QUEUE_JOB for many bookings: $5 is the latest end any of a booking's changes in the batch had.
const QUEUE_JOBS = `
  INSERT INTO google_sync.jobs (booking_id, user_id, desired_sequence, status, next_attempt_at, updated_at)
  SELECT q.booking_id, c.user_id, q.sequence, 'pending', $4, $4
    FROM unnest($1::text[], $2::text[], $3::int[], $5::timestamptz[]) AS q(booking_id, user_id, sequence, latest_end)
    JOIN google_sync.connections c ON c.user_id = q.user_id AND c.refresh_token IS NOT NULL
   WHERE q.latest_end > $4 OR EXISTS (SELECT 1 FROM google_sync.jobs j WHERE j.booking_id = q.booking_id AND j.user_id = q.user_id)
  ON CONFLICT (booking_id, user_id) DO UPDATE SET
    desired_sequence = greatest(google_sync.jobs.desired_sequence, excluded.desired_sequence),
    status = 'pending',
    attempts = CASE WHEN google_sync.jobs.status = 'pending' THEN google_sync.jobs.attempts ELSE 0 END,
    next_attempt_at = CASE WHEN google_sync.jobs.status = 'pending' THEN google_sync.jobs.next_attempt_at ELSE excluded.next_attempt_at END,
    updated_at = excluded.updated_at
  RETURNING user_id`;
const SIGNAL_PEOPLE = `SELECT pg_notify('${GOOGLE_SYNC_SIGNAL_CHANNEL}', p) FROM unnest($1::text[]) AS p`;

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
  await client.query(LOCK_PERSON_SHARED, [entry.bookerId]);
  const queued = await client.query(QUEUE_JOB, [entry.bookingId, entry.bookerId, entry.sequence, now, entry.end]);
  if (queued.rowCount !== 0) await client.query(SIGNAL_SYNC, [entry.bookerId]);
}

type BookingRecord = RecordedEvent<BookingEvent['data']> & { type: BookingEvent['type'] };

/**
 * foldBooking for a run of booking events in log order, with one statement per step for the
 * whole run. A job is queued once per booking, with its last sequence, when any of its changes
 * would have queued it one by one: one of them still to come, or a job already there.
 */
async function foldBookings(client: pg.PoolClient, events: readonly BookingRecord[], now: Date): Promise<void> {
  if (events.length === 0) return;
  const { rows } = await client.query<{ booking_id: string; revision: number; entry: BookingCalendarEntry }>(LOAD_ENTRIES, [[...new Set(events.map((e) => e.data.bookingId))]]);
  const folded = new Map(rows.map((r) => [r.booking_id, { revision: r.revision, entry: r.entry, changed: false }]));
  const queue = new Map<string, { entry: BookingCalendarEntry; latestEnd: string }>();
  for (const event of events) {
    const previous = folded.get(event.data.bookingId);
    if (previous && event.revision <= previous.revision) continue;
    const entry = evolveCalendarEntry(previous?.entry ?? null, { type: event.type, data: event.data } as BookingEvent, event.metadata.occurredAt);
    if (entry === null) continue;
    folded.set(entry.bookingId, { revision: event.revision, entry, changed: true });
    if (previous && previous.entry.sequence === entry.sequence) continue;
    const queued = queue.get(entry.bookingId);
    queue.set(entry.bookingId, { entry, latestEnd: queued && Date.parse(queued.latestEnd) > Date.parse(entry.end) ? queued.latestEnd : entry.end });
  }
  const changed = [...folded.values()].filter((r) => r.changed);
  if (changed.length === 0) return;
  await client.query(SAVE_ENTRIES, [
    changed.map((r) => r.entry.bookingId), changed.map((r) => r.entry.bookerId), changed.map((r) => r.revision),
    changed.map((r) => JSON.stringify(r.entry)), changed.map((r) => r.entry.end), changed.map((r) => r.entry.status),
  ]);
  if (queue.size === 0) return;
  const jobs = [...queue.values()];
  await client.query(LOCK_PEOPLE_SHARED, [[...new Set(jobs.map((j) => j.entry.bookerId))]]);
  const queued = await client.query<{ user_id: string }>(QUEUE_JOBS, [
    jobs.map((j) => j.entry.bookingId), jobs.map((j) => j.entry.bookerId), jobs.map((j) => j.entry.sequence), now, jobs.map((j) => j.latestEnd),
  ]);
  if (queued.rows.length > 0) await client.query(SIGNAL_PEOPLE, [[...new Set(queued.rows.map((r) => r.user_id))]]);
}

/**
 * The runConsumer batch handler of Google Calendar sync: runs of booking events (a booking
 * topic partition's batch) are folded together (foldBookings); other events one by one.
 */
export function googleCalendarConsumerBatch(clock: () => Date): NonNullable<ConsumerOptions['handleMany']> {
  const one = googleCalendarConsumer(clock);
  return async (messages, client) => {
    const now = clock();
    let run: BookingRecord[] = [];
    for (const message of messages) {
      const event = messageToEvent(message);
      if (BOOKING_TYPES.has(event.type)) {
        run.push(event as BookingRecord);
        continue;
      }
      await foldBookings(client, run, now);
      run = [];
      await one(message, client);
    }
    await foldBookings(client, run, now);
  };
}

/** Creates schema `google_sync` and runs the Google Calendar sync consumer on `source`. */
export async function startGoogleCalendarConsumer(
  options: Pick<ConsumerOptions, 'source' | 'publisher' | 'retries' | 'onError'> & { pool: pg.Pool; name?: string; clock?: () => Date },
): Promise<RunningConsumer> {
  await ensureGoogleSyncSchema(options.pool);
  const { clock = () => new Date(), ...rest } = options;
  return runConsumer({ ...rest, name: options.name ?? GOOGLE_CALENDAR_CONSUMER, topics: GOOGLE_CALENDAR_TOPICS, handle: googleCalendarConsumer(clock), handleMany: googleCalendarConsumerBatch(clock) });
}
