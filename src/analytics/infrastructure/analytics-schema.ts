import type pg from 'pg';
import { LIVE_READ_MODEL_SCHEMA, quoteSchema } from '../../../read-models/schema-name.js';

/** The schema analysts query, and the role that may read it (nothing else). */
export const ANALYTICS_SCHEMA = 'analytics';
export const ANALYST_ROLE = 'reserva_analyst';

/**
 * The views of schema `analytics`, each over the live read-model schema (`$rm`). Documented
 * column by column in read-models/README.md ("Analytics"); personal data (names, emails) stays
 * out: people appear by id only.
 */
export const ANALYTICS_VIEWS: readonly { name: string; comment: string; sql: string }[] = [
  {
    name: 'booking_facts',
    comment: 'One row per booking: where, when, outcome, request/confirmation/cancellation/check-in/no-show times, lead time.',
    sql: `SELECT booking_id, booker_id, space_id, site_id, time_zone, start_at, end_at, local_start, iso_weekday, duration_minutes, status,
                 status IN ('confirmed', 'checked_in', 'completed', 'no_show') AS holds_slot,
                 participants, resources, purpose, placements, changes, change_deadline_minutes, requested_at, confirmed_at, approved_at, approved_by,
                 rejected_at, rejection_reason, cancelled_at, cancelled_by, cancel_reason, late_cancellation, cancel_lead_minutes,
                 checked_in_at, checked_in_by, checked_in_minutes, completed_at, no_show_at, no_show_by, lead_minutes, last_event_at
            FROM $rm.booking_facts`,
  },
  {
    name: 'usage_hourly',
    comment: 'Booked and checked-in minutes per space / pooled resource and local hour of its site (resources: quantity × minutes).',
    sql: `SELECT target_id, target_kind, site_id, time_zone, hour_start, local_date, local_hour, iso_weekday,
                 booked_seconds / 60.0 AS booked_minutes, checked_in_seconds / 60.0 AS checked_in_minutes, bookings
            FROM $rm.usage_hourly`,
  },
  {
    name: 'usage_daily',
    comment: 'usage_hourly summed per target and local date.',
    sql: `SELECT target_id, target_kind, site_id, time_zone, local_date, min(iso_weekday) AS iso_weekday,
                 sum(booked_seconds) / 60.0 AS booked_minutes, sum(checked_in_seconds) / 60.0 AS checked_in_minutes,
                 count(*) FILTER (WHERE booked_seconds > 0) AS busy_hours
            FROM $rm.usage_hourly GROUP BY target_id, target_kind, site_id, time_zone, local_date`,
  },
  {
    name: 'unmet_demand',
    comment: 'Requests that were turned down (rejected bookings and rejected changes) with the wished interval.',
    sql: `SELECT event_id, kind, reason, booking_id, booker_id, space_id, site_id, time_zone, wished_start, wished_end, wished_local_start, iso_weekday,
                 participants, resources, requested_at, rejected_at, conflicts
            FROM $rm.unmet_demand`,
  },
  {
    name: 'availability_versions',
    comment: 'What each space / resource offered over time: opening hours (spaces) or stock (resources), valid [valid_from, valid_to).',
    sql: `SELECT target_id, target_kind, site_id, time_zone, valid_from, valid_to, opening_hours, always_open, quantity FROM $rm.availability_versions`,
  },
  {
    name: 'bookings',
    comment: 'Current state of every booking (as rm.bookings).',
    sql: `SELECT id, booker_id, space_id, site_id, time_zone, start_at, end_at, hold_until, status, purpose, participants, resources, placement,
                 pending_change, approval_required, change_deadline_minutes, approved_by, approved_at, approval_comment, rejected_by, rejected_at,
                 rejection_reason, rejection_comment, rejection_conflicts, cancelled_by, cancelled_at, cancel_reason, cancel_override,
                 checked_in_at, checked_in_by, completed_at, no_show_at, no_show_by, created_at, updated_at
            FROM $rm.bookings`,
  },
  {
    name: 'booking_history',
    comment: 'One row per booking event: who changed what, when and why.',
    sql: `SELECT event_id, booking_id, revision, event_type, occurred_at, recorded_at, actor_id, actor_kind, correlation_id, causation_id,
                 previous_status, status, details
            FROM $rm.booking_history`,
  },
  {
    name: 'occupancy_intervals',
    comment: 'What holds each space and resource now: one row per active reservation (buffers included).',
    sql: `SELECT target_id, target_kind, reservation_id, holder_kind, holder_id, quantity, during, reserved_at FROM $rm.occupancy_intervals`,
  },
  {
    name: 'sites',
    comment: 'Sites with their IANA time zone.',
    sql: `SELECT id, name, address, city, latitude, longitude, time_zone, kind, created_at, updated_at FROM $rm.sites`,
  },
  {
    name: 'spaces',
    comment: 'Spaces with capacity, amenities and booking policy (opening hours in policy->openingHours).',
    sql: `SELECT id, site_id, name, kind, capacity, amenities, description, policy, policy->'openingHours' AS opening_hours, time_zone,
                 retired, retired_at, created_at, updated_at
            FROM $rm.spaces`,
  },
  {
    name: 'resources',
    comment: 'Pooled resources with their stock.',
    sql: `SELECT id, site_id, name, category, quantity, description, time_zone, retired, retired_at, created_at, updated_at FROM $rm.resources`,
  },
  {
    name: 'blackouts',
    comment: 'Periods when a space, or units of a resource, are unavailable.',
    sql: `SELECT id, site_id, time_zone, target_kind, target_id, quantity, start_at, end_at, reason, status, refusal_reason, lift_reason, requested_by,
                 created_at, updated_at
            FROM $rm.blackouts`,
  },
  {
    name: 'people',
    comment: 'People by id, account type and role grants; no names or emails.',
    sql: `SELECT user_id, account_type, roles, registered_at FROM $rm.users`,
  },
];

/** Serialises concurrent starts (api, projector, …) on one database. */
const LOCK = 'reserva.analytics.schema';

/**
 * (Re)creates schema `analytics` with its views over `liveSchema` and grants the NOLOGIN role
 * `reserva_analyst` (created if missing) USAGE on the schema and SELECT on its views, nothing
 * else. The views run with their owner's rights (the caller, who owns the read models), so the
 * analyst needs no right on `rm`. Called on start (bootstrap, after the read-model migrations).
 * Without the right to create roles (CREATEROLE) the views are still made and the role is left to
 * the database administrator; returns whether the role exists.
 */
export async function ensureAnalyticsSchema(pool: pg.Pool, liveSchema: string = LIVE_READ_MODEL_SCHEMA): Promise<{ role: boolean }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await createAnalyticsViews(client, liveSchema);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The work of ensureAnalyticsSchema inside the caller's transaction. Views bind to tables, not
 * names, so switchReadModel calls this in the transaction that renames the schemas: analysts
 * never see the retired tables, and dropping the retired schema later leaves the views alone.
 */
export async function createAnalyticsViews(client: pg.ClientBase, liveSchema: string): Promise<{ role: boolean }> {
  const rm = quoteSchema(liveSchema);
  const analytics = quoteSchema(ANALYTICS_SCHEMA);
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK]);
  // Roles are cluster-wide, so another database's start may create it at the same moment.
  await client.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ANALYST_ROLE}') THEN CREATE ROLE ${ANALYST_ROLE} NOLOGIN; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation OR insufficient_privilege THEN NULL;
  END $$`);
  const role = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [ANALYST_ROLE])).rowCount === 1;
  await client.query(`DROP SCHEMA IF EXISTS ${analytics} CASCADE`);
  await client.query(`CREATE SCHEMA ${analytics}`);
  await client.query(`COMMENT ON SCHEMA ${analytics} IS 'Reserva analytics: read-only views over the read models, documented in read-models/README.md'`);
  for (const view of ANALYTICS_VIEWS) {
    await client.query(`CREATE VIEW ${analytics}.${view.name} AS ${view.sql.replaceAll('$rm', rm)}`);
    await client.query(`COMMENT ON VIEW ${analytics}.${view.name} IS '${view.comment.replaceAll("'", "''")}'`);
  }
  if (role) {
    await client.query(`GRANT USAGE ON SCHEMA ${analytics} TO ${ANALYST_ROLE}`);
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${analytics} TO ${ANALYST_ROLE}`);
  }
  return { role };
}
