import type pg from 'pg';
import { quoteSchema } from '../../read-models/schema-name.js';

/**
 * Fills a migrated read-model schema straight with SQL, the way the projections would have
 * left it: `sites` sites in five time zones, `spaces` spaces spread over them (kinds,
 * capacities 2–40, amenities from a small vocabulary), and `bookings` confirmed one-to-two-hour
 * bookings over 2027 in working hours, each with its `bookings` row and its `occupancy` row
 * (every space gets the same number, on different days, so holds never overlap).
 */
/** Ids are md5-based but shaped as UUID v4 (version and variant digits), so the API's contracts accept them. */
export async function fillReadModels(pool: pg.Pool, schema: string, opts: { sites: number; spaces: number; bookings: number }): Promise<void> {
  const s = quoteSchema(schema);
  const perSpace = Math.max(1, Math.round(opts.bookings / opts.spaces));
  const client = await pool.connect();
  try {
    await client.query(`SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'`);
    await client.query(
      `INSERT INTO ${s}.sites (id, name, address, city, latitude, longitude, time_zone, kind, created_at, updated_at, revision)
       SELECT overlay(overlay(md5('site' || i)::uuid::text placing '4' from 15 for 1) placing '8' from 20 for 1), 'Site ' || i, i || ' Main Street',
              (ARRAY['Lisbon', 'Berlin', 'New York', 'Tokyo', 'Sydney'])[1 + i % 5], 40 + i % 10, i % 90,
              (ARRAY['Europe/Lisbon', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'])[1 + i % 5],
              (ARRAY['office', 'venue', 'hotel', 'restaurant'])[1 + i % 4], now(), now(), 0
         FROM generate_series(0, $1::int - 1) i`,
      [opts.sites],
    );
    await client.query(
      `INSERT INTO ${s}.spaces (id, site_id, name, kind, capacity, amenities, photo_urls, description, policy, time_zone, retired, retired_at, created_at, updated_at, revision)
       SELECT overlay(overlay(md5('space' || j)::uuid::text placing '4' from 15 for 1) placing '8' from 20 for 1), si.id, 'Room ' || lpad(j::text, 5, '0'),
              (ARRAY['meeting_room', 'meeting_room', 'meeting_room', 'hall', 'desk', 'studio'])[1 + j % 6], 2 + j % 39,
              CASE j % 5 WHEN 0 THEN ARRAY['screen'] WHEN 1 THEN ARRAY['screen', 'whiteboard'] WHEN 2 THEN ARRAY['video_conference', 'screen']
                         WHEN 3 THEN ARRAY['whiteboard'] ELSE ARRAY['projector', 'sound_system'] END,
              ARRAY['/media/spaces/' || overlay(overlay(md5('space' || j)::uuid::text placing '4' from 15 for 1) placing '8' from 20 for 1) || '.svg'], 'A room to meet in',
              '{"openingHours":{"mon":[{"open":480,"close":1200}],"tue":[{"open":480,"close":1200}],"wed":[{"open":480,"close":1200}],"thu":[{"open":480,"close":1200}],"fri":[{"open":480,"close":1200}]},"slotMinutes":15,"minDurationMinutes":30,"maxDurationMinutes":240,"maxAdvanceDays":90,"bufferMinutes":0,"changeDeadlineMinutes":60,"approvalRequired":false}'::jsonb,
              si.time_zone, j % 100 = 99, CASE WHEN j % 100 = 99 THEN now() END, now(), now(), 0
         FROM generate_series(0, $1::int - 1) j
         JOIN (SELECT id, time_zone, row_number() OVER (ORDER BY id) - 1 AS n FROM ${s}.sites) si ON si.n = j % $2::int`,
      [opts.spaces, opts.sites],
    );
    // Booking k of a space: day k * (365 / perSpace) of 2027 (shifted per space), 08:00–17:00 UTC start, 1–2 hours.
    // Secondary indexes are built once after the bulk insert (as a rebuild does), not row by row.
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND t.relname IN ('bookings', 'occupancy') AND NOT i.indisunique`,
      [schema],
    );
    if (indexes.length > 0) await client.query(`DROP INDEX ${indexes.map((i) => i.name).join(', ')}`);
    await client.query('BEGIN');
    await client.query(
      `CREATE TEMP TABLE fill_bookings ON COMMIT DROP AS
       SELECT overlay(overlay(md5('booking' || sp.n || '-' || k)::uuid::text placing '4' from 15 for 1) placing '8' from 20 for 1) AS id, sp.id AS space_id, sp.site_id, sp.time_zone,
              'user-' || ((sp.n * 7 + k) % 5000) AS booker_id,
              timestamptz '2027-01-01 08:00Z' + ((k * 365 / $1::int + sp.n % 3) % 365) * interval '1 day' + ((sp.n + k) % 10) * interval '1 hour' AS start_at,
              (1 + (sp.n + k) % 2) * interval '1 hour' AS length
         FROM (SELECT id, site_id, time_zone, row_number() OVER (ORDER BY id) - 1 AS n FROM ${s}.spaces) sp
        CROSS JOIN generate_series(0, $1::int - 1) k`,
      [perSpace],
    );
    await client.query(
      `INSERT INTO ${s}.bookings (id, booker_id, space_id, site_id, time_zone, start_at, end_at, hold_until, status, purpose, participants, resources,
                                  placement, pending_change, approval_required, change_deadline_minutes, created_at, updated_at, revision)
       SELECT id, booker_id, space_id, site_id, time_zone, start_at, start_at + length, start_at + length, 'confirmed', 'Team meeting', 4, '[]',
              1, NULL, false, 60, start_at - interval '10 days', start_at - interval '10 days', 1
         FROM fill_bookings`,
    );
    await client.query(
      `INSERT INTO ${s}.occupancy (target_id, day, reservation_id, target_kind, holder_kind, holder_id, during, quantity, reserved_at)
       SELECT space_id, to_char(start_at AT TIME ZONE time_zone, 'YYYY-MM-DD'), id || '#1', 'space', 'booking', id,
              tstzrange(start_at, start_at + length, '[)'), 1, start_at - interval '10 days'
         FROM fill_bookings`,
    );
    await client.query('COMMIT');
    for (const index of indexes) await client.query(index.definition);
    await client.query(`ANALYZE ${s}.sites, ${s}.spaces, ${s}.bookings, ${s}.occupancy`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.query('RESET work_mem; RESET maintenance_work_mem').catch(() => {});
    client.release();
  }
}
