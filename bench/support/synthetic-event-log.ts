import type pg from 'pg';
import { assertSchemaName, DEFAULT_EVENT_STORE_SCHEMA } from '../../src/shared/event-store/postgres/event-store-schema.js';

/**
 * Writes a realistic event log of about `events` events straight into the PostgreSQL event
 * store's tables (the store's schema must exist), far faster than appending them one by one:
 * an organisation of 10 sites in five time zones with 500 spaces and 50 pooled resources, then
 * bookings with the events the command handlers append for them —
 *   every booking: BookingRequested (placement, buckets, reservations) and, unless rejected for a
 *   conflict (5%), SlotReserved on the space's day bucket and BookingConfirmed;
 *   10% also reserve a resource; 15% are cancelled (BookingCancelled + SlotReleased);
 *   30% are checked in and completed.
 * Each space holds a one-hour booking every two hours, so holds never overlap. Stream revisions
 * follow the global order; the log is written in ten transactions, so it has ten commit ids.
 * Returns the number of events written.
 */
export async function writeSyntheticEventLog(pool: pg.Pool, opts: { events: number; schema?: string }): Promise<number> {
  const es = assertSchemaName(opts.schema ?? DEFAULT_EVENT_STORE_SCHEMA);
  // About 3.95 events per booking (see the mix above) plus 560 catalog events.
  const bookings = Math.max(100, Math.round((opts.events - 560) / 3.95));
  const client = await pool.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS bench_gen CASCADE; CREATE SCHEMA bench_gen`);
    await client.query(`CREATE FUNCTION bench_gen.iso(t timestamptz) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`);
    await client.query(`SET work_mem = '256MB'`);
    await client.query(STAGE_CATALOG);
    await client.query(STAGE_BOOKINGS, [bookings]);
    await client.query(`CREATE TABLE bench_gen.ordered AS
      SELECT ord, stream_id, (row_number() OVER (PARTITION BY stream_id ORDER BY ord) - 1) AS rev, event_type, data, metadata, recorded_at
        FROM bench_gen.staged`);
    const { rows } = await client.query<{ lo: string; hi: string; n: string }>(`SELECT min(ord) AS lo, max(ord) AS hi, count(*) AS n FROM bench_gen.ordered`);
    const lo = BigInt(rows[0]!.lo);
    const hi = BigInt(rows[0]!.hi);
    const step = (hi - lo) / 10n + 1n;
    for (let from = lo; from <= hi; from += step) {
      await client.query(
        `INSERT INTO ${es}.events (stream_id, stream_revision, event_id, event_type, data, metadata, recorded_at)
         SELECT stream_id, rev, gen_random_uuid(), event_type, data, metadata, recorded_at
           FROM bench_gen.ordered WHERE ord >= $1 AND ord < $2 ORDER BY ord`,
        [from.toString(), (from + step).toString()],
      );
    }
    await client.query(`INSERT INTO ${es}.streams (stream_id, revision) SELECT stream_id, max(rev) FROM bench_gen.ordered GROUP BY stream_id`);
    await client.query(`DROP SCHEMA bench_gen CASCADE`);
    await client.query(`RESET work_mem`);
    await client.query(`VACUUM ANALYZE ${es}.events`);
    return Number(rows[0]!.n);
  } finally {
    client.release();
  }
}

const SPACE_POLICY = `'{"openingHours":{"mon":[{"open":480,"close":1200}],"tue":[{"open":480,"close":1200}],"wed":[{"open":480,"close":1200}],"thu":[{"open":480,"close":1200}],"fri":[{"open":480,"close":1200}]},"slotMinutes":15,"minDurationMinutes":30,"maxDurationMinutes":240,"maxAdvanceDays":90,"bufferMinutes":0,"changeDeadlineMinutes":60,"approvalRequired":false}'::jsonb`;

const META = (actor: string, seed: string, at: string) =>
  `jsonb_build_object('schemaVersion', 1, 'occurredAt', bench_gen.iso(${at}), 'actor', jsonb_build_object('id', ${actor}, 'kind', 'user'), 'correlationId', md5('c' || ${seed})::uuid, 'causationId', md5('c' || ${seed})::uuid)`;

/** Sites, spaces and resources (negative ords: they come first). */
const STAGE_CATALOG = `
CREATE TABLE bench_gen.sites AS
  SELECT i, md5('site' || i)::uuid AS site_id,
         (ARRAY['Europe/Lisbon', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'])[1 + i % 5] AS tz,
         (ARRAY['Lisbon', 'Berlin', 'New York', 'Tokyo', 'Sydney'])[1 + i % 5] AS city
    FROM generate_series(0, 9) i;
CREATE TABLE bench_gen.spaces AS
  SELECT j, md5('space' || j)::uuid AS space_id, s.site_id, s.tz FROM generate_series(0, 499) j JOIN bench_gen.sites s ON s.i = j % 10;
CREATE TABLE bench_gen.resources AS
  SELECT k, md5('resource' || k)::uuid AS resource_id, s.site_id, s.tz FROM generate_series(0, 49) k JOIN bench_gen.sites s ON s.i = k % 10;
CREATE TABLE bench_gen.staged AS
  SELECT -3000000 + i AS ord, 'site-' || site_id AS stream_id, 'SiteRegistered' AS event_type,
         jsonb_build_object('siteId', site_id, 'name', city || ' site ' || i, 'address', i || ' Main Street', 'city', city,
                            'latitude', 40 + i, 'longitude', i, 'timeZone', tz, 'kind', 'office') AS data,
         ${META("'admin'", "'site' || i", "timestamptz '2026-06-01'")} AS metadata, timestamptz '2026-06-01' AS recorded_at
    FROM bench_gen.sites
  UNION ALL
  SELECT -2000000 + j, 'space-' || space_id, 'SpaceCreated',
         jsonb_build_object('spaceId', space_id, 'siteId', site_id, 'timeZone', tz, 'policy', ${SPACE_POLICY}, 'name', 'Room ' || j,
                            'kind', 'meeting_room', 'capacity', 4 + j % 20, 'amenities', CASE WHEN j % 2 = 0 THEN '["screen","whiteboard"]'::jsonb ELSE '["screen"]'::jsonb END,
                            'photoUrls', jsonb_build_array('/media/spaces/' || space_id || '.svg'), 'description', 'A meeting room'),
         ${META("'admin'", "'space' || j", "timestamptz '2026-06-02'")}, timestamptz '2026-06-02'
    FROM bench_gen.spaces
  UNION ALL
  SELECT -1000000 + k, 'resource-' || resource_id, 'ResourceCreated',
         jsonb_build_object('resourceId', resource_id, 'siteId', site_id, 'timeZone', tz, 'name', 'Projector ' || k, 'category', 'equipment',
                            'quantity', 5, 'description', 'A portable projector'),
         ${META("'admin'", "'resource' || k", "timestamptz '2026-06-03'")}, timestamptz '2026-06-03'
    FROM bench_gen.resources`;

/** Bookings $1 of them; ord = booking * 10 + step keeps each booking's events in order. */
const STAGE_BOOKINGS = `
WITH bookings AS (
  SELECT b, md5('booking' || b)::uuid AS booking_id, sp.space_id, sp.site_id, sp.tz, r.resource_id,
         b % 20 AS fate, 'user-' || (b % 2000) AS booker,
         timestamptz '2027-01-04 08:00Z' + (b / 500) * interval '2 hours' AS start_at,
         timestamptz '2026-07-01' + b * interval '10 seconds' AS at
    FROM generate_series(0, $1::int - 1) b
    JOIN bench_gen.spaces sp ON sp.j = b % 500
    JOIN bench_gen.resources r ON r.k = b % 50
), placed AS (
  SELECT *, start_at + interval '1 hour' AS end_at, to_char(start_at AT TIME ZONE tz, 'YYYY-MM-DD') AS day,
         fate IN (4, 5) AS with_resource, booking_id || '#1' AS reservation_id
    FROM bookings
), reservations AS (
  SELECT *, jsonb_build_object('targetId', space_id, 'targetKind', 'space', 'day', day, 'reservationId', reservation_id,
                               'holder', jsonb_build_object('kind', 'booking', 'id', booking_id),
                               'start', bench_gen.iso(start_at), 'end', bench_gen.iso(end_at), 'quantity', 1) AS space_slot,
            jsonb_build_object('targetId', resource_id, 'targetKind', 'resource', 'day', day, 'reservationId', reservation_id,
                               'holder', jsonb_build_object('kind', 'booking', 'id', booking_id),
                               'start', bench_gen.iso(start_at), 'end', bench_gen.iso(end_at), 'quantity', 1) AS resource_slot
    FROM placed
)
INSERT INTO bench_gen.staged
SELECT b * 10 + e.step, e.stream_id, e.event_type, e.data, ${META('booker', "b || '-' || e.step", "at + e.step * interval '1 second'")}, at + e.step * interval '1 second'
  FROM reservations
  CROSS JOIN LATERAL (VALUES
    (0, 'booking-' || booking_id, 'BookingRequested', jsonb_build_object(
        'bookingId', booking_id, 'bookerId', booker, 'spaceId', space_id, 'siteId', site_id, 'timeZone', tz, 'purpose', 'Team meeting',
        'approvalRequired', false, 'changeDeadlineMinutes', 60, 'placement', 1, 'start', bench_gen.iso(start_at), 'end', bench_gen.iso(end_at),
        'holdUntil', bench_gen.iso(end_at), 'participants', 2 + b % 6,
        'resources', CASE WHEN with_resource THEN jsonb_build_array(jsonb_build_object('resourceId', resource_id, 'quantity', 1)) ELSE '[]'::jsonb END,
        'buckets', CASE WHEN with_resource THEN jsonb_build_array('schedule-' || resource_id || '-' || day, 'schedule-' || space_id || '-' || day)
                        ELSE jsonb_build_array('schedule-' || space_id || '-' || day) END,
        'reservations', CASE WHEN with_resource THEN jsonb_build_array(resource_slot || '{"capacity":5}', space_slot || '{"capacity":1}')
                             ELSE jsonb_build_array(space_slot || '{"capacity":1}') END)),
    (1, 'schedule-' || space_id || '-' || day, 'SlotReserved', CASE WHEN fate <> 0 THEN space_slot END),
    (2, 'schedule-' || resource_id || '-' || day, 'SlotReserved', CASE WHEN with_resource THEN resource_slot END),
    (3, 'booking-' || booking_id, 'BookingRejected', CASE WHEN fate = 0 THEN jsonb_build_object(
        'bookingId', booking_id, 'reason', 'conflict', 'rejectedBy', 'system', 'comment', '',
        'conflicts', jsonb_build_array(jsonb_build_object('targetId', space_id, 'start', bench_gen.iso(start_at), 'end', bench_gen.iso(end_at), 'holderKind', 'booking', 'holderId', md5('other' || b)::uuid))) END),
    (4, 'booking-' || booking_id, 'BookingConfirmed', CASE WHEN fate <> 0 THEN jsonb_build_object('bookingId', booking_id, 'placement', 1) END),
    (5, 'booking-' || booking_id, 'BookingCancelled', CASE WHEN fate IN (1, 2, 3) THEN jsonb_build_object('bookingId', booking_id, 'cancelledBy', booker, 'reason', 'Plans changed', 'override', false) END),
    (6, 'schedule-' || space_id || '-' || day, 'SlotReleased', CASE WHEN fate IN (1, 2, 3) THEN jsonb_build_object('targetId', space_id, 'day', day, 'reservationId', reservation_id) END),
    (7, 'booking-' || booking_id, 'BookingCheckedIn', CASE WHEN fate IN (4, 5, 6, 7, 8, 9) THEN jsonb_build_object('bookingId', booking_id, 'checkedInBy', booker, 'at', bench_gen.iso(start_at)) END),
    (8, 'booking-' || booking_id, 'BookingCompleted', CASE WHEN fate IN (4, 5, 6, 7, 8, 9) THEN jsonb_build_object('bookingId', booking_id) END)
  ) AS e(step, stream_id, event_type, data)
 WHERE e.data IS NOT NULL`;
