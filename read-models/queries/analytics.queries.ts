import type { AnalyticsTarget, BookingFact, TargetKind, UnmetDemandRow } from '../../src/analytics/application/analytics-queries.js';
import type { AvailabilityVersion, Withheld } from '../../src/analytics/domain/available-time.js';
import type { BookingStatus } from '../../src/booking/domain/booking.events.js';
import { quoteSchema } from '../schema-name.js';
import { Conditions, isoOf, type Db } from './db.js';

/**
 * The SQL behind the analytics query port (src/analytics/infrastructure/postgres-analytics-queries.ts),
 * over the tables of migration 008 and the catalog tables. Time bounds come in resolved:
 * instants as epoch ms, local dates as `yyyy-mm-dd`.
 */

/** A period bound on one side: an instant, or a local date compared with a row's local time. */
export type SqlBound = { instant: number } | { localDate: string };

/** Every zone's offset lies within ±14 h of UTC: local-date bounds become index-friendly instant ranges with this margin. */
const ZONE_MARGIN = 14 * 3_600_000;

/**
 * Adds `[from, to)` on a row's start: instants compare with `instantColumn`; local dates with
 * `localColumn` (a `yyyy-mm-ddTHH:mm` text), plus a coarse instant range so indexes still apply.
 */
function addPeriod(c: Conditions, from: SqlBound, to: SqlBound, instantColumn: string, localColumn: string): void {
  if ('instant' in from) c.add(`${instantColumn} >= $?::timestamptz`, new Date(from.instant).toISOString());
  else c.add(`${localColumn} >= $? AND ${instantColumn} >= $?::timestamptz`, from.localDate, new Date(Date.parse(`${from.localDate}T00:00:00Z`) - ZONE_MARGIN).toISOString());
  if ('instant' in to) c.add(`${instantColumn} < $?::timestamptz`, new Date(to.instant).toISOString());
  else c.add(`${localColumn} < $? AND ${instantColumn} < $?::timestamptz`, to.localDate, new Date(Date.parse(`${to.localDate}T00:00:00Z`) + ZONE_MARGIN).toISOString());
}

export interface TargetSelection {
  targetKind: TargetKind;
  siteId?: string;
  targetIds?: readonly string[];
  includeRetired: boolean;
}

function targetsSql(schema: string, s: TargetSelection, count: boolean): { text: string; values: unknown[] } {
  const c = new Conditions();
  if (s.siteId !== undefined) c.add('site_id = $?', s.siteId);
  if (s.targetIds !== undefined) c.add('id = ANY($?::text[])', s.targetIds);
  if (!s.includeRetired) c.add('NOT retired');
  const table = s.targetKind === 'space'
    ? `SELECT id, site_id, name, kind, time_zone, capacity, retired, policy->'openingHours' AS opening_hours FROM ${quoteSchema(schema)}.spaces`
    : `SELECT id, site_id, name, category AS kind, time_zone, quantity AS capacity, retired, NULL::jsonb AS opening_hours FROM ${quoteSchema(schema)}.resources`;
  const text = count ? `SELECT count(*) AS n FROM (${table} ${c.where()}) t` : `${table} ${c.where()} ORDER BY name, id`;
  return { text, values: c.values };
}

export async function selectTargets(db: Db, schema: string, s: TargetSelection): Promise<AnalyticsTarget[]> {
  const { text, values } = targetsSql(schema, s, false);
  const { rows } = await db.query<{ id: string; site_id: string; name: string; kind: string; time_zone: string; capacity: number; retired: boolean; opening_hours: AnalyticsTarget['openingHours'] }>(text, values);
  return rows.map((r) => ({
    targetId: r.id, targetKind: s.targetKind, siteId: r.site_id, name: r.name, kind: r.kind, timeZone: r.time_zone, capacity: r.capacity,
    retired: r.retired, openingHours: s.targetKind === 'space' ? r.opening_hours : null,
  }));
}

export async function countTargets(db: Db, schema: string, s: TargetSelection): Promise<number> {
  const { text, values } = targetsSql(schema, s, true);
  const { rows } = await db.query<{ n: string }>(text, values);
  return Number(rows[0]!.n);
}

/** The availability versions of the targets overlapping [from, to), by target. */
export async function selectAvailabilityVersions(db: Db, schema: string, ids: readonly string[], from: number, to: number): Promise<Map<string, AvailabilityVersion[]>> {
  const { rows } = await db.query<{ target_id: string; valid_from: Date; valid_to: Date | null; opening_hours: AvailabilityVersion['openingHours']; always_open: boolean; quantity: number }>(
    `SELECT target_id, valid_from, valid_to, opening_hours, always_open, quantity FROM ${quoteSchema(schema)}.availability_versions
      WHERE target_id = ANY($1::text[]) AND valid_from < $3::timestamptz AND (valid_to IS NULL OR valid_to > $2::timestamptz)
      ORDER BY target_id, valid_from, revision`,
    [ids, new Date(from).toISOString(), new Date(to).toISOString()],
  );
  const byTarget = new Map<string, AvailabilityVersion[]>();
  for (const r of rows) {
    let list = byTarget.get(r.target_id);
    if (!list) byTarget.set(r.target_id, (list = []));
    list.push({ validFrom: r.valid_from.getTime(), validTo: r.valid_to?.getTime() ?? null, openingHours: r.always_open ? null : (r.opening_hours ?? {}), quantity: r.quantity });
  }
  return byTarget;
}

/**
 * Blackouts in force during [from, to), by target: declared ones, and lifted ones up to their
 * lifting (the last event of a lifted blackout, its `updated_at`).
 */
export async function selectWithheld(db: Db, schema: string, ids: readonly string[], from: number, to: number): Promise<Map<string, Withheld[]>> {
  const { rows } = await db.query<{ target_id: string; start_at: Date; end_at: Date; quantity: number | null; target_kind: TargetKind }>(
    `SELECT target_id, start_at, CASE WHEN status = 'lifted' THEN least(end_at, updated_at) ELSE end_at END AS end_at, quantity, target_kind
       FROM ${quoteSchema(schema)}.blackouts
      WHERE target_id = ANY($1::text[]) AND status IN ('declared', 'lifted') AND start_at < $3::timestamptz AND end_at > $2::timestamptz
      ORDER BY target_id, start_at`,
    [ids, new Date(from).toISOString(), new Date(to).toISOString()],
  );
  const byTarget = new Map<string, Withheld[]>();
  for (const r of rows) {
    if (r.end_at.getTime() <= r.start_at.getTime()) continue;
    let list = byTarget.get(r.target_id);
    if (!list) byTarget.set(r.target_id, (list = []));
    list.push({ start: r.start_at.getTime(), end: r.end_at.getTime(), quantity: r.target_kind === 'space' ? null : r.quantity });
  }
  return byTarget;
}

export type UsageGrouping = 'hour' | 'day' | 'week' | 'month' | 'total' | 'weekday_hour';

export interface UsageSums {
  targetId: string;
  /** hour: the hour's epoch ms as text; day/week/month: the bucket's first local date; total: ''; weekday_hour: `<isoWeekday>-<hour>`. */
  bucket: string;
  bookedSeconds: number;
  checkedInSeconds: number;
  /** Hours (rows) with some booked time. */
  busyHours: number;
}

/** Per grouping: what to group by (native types group faster than text) and the bucket label from it. */
const BUCKET_SQL: Record<UsageGrouping, { group: string[]; label: string }> = {
  hour: { group: ['hour_start'], label: `(extract(epoch FROM hour_start) * 1000)::bigint::text` },
  day: { group: ['local_date'], label: `local_date::text` },
  week: { group: [`date_trunc('week', local_date)`], label: `date_trunc('week', local_date)::date::text` },
  month: { group: [`date_trunc('month', local_date)`], label: `date_trunc('month', local_date)::date::text` },
  total: { group: [], label: `''` },
  weekday_hour: { group: ['iso_weekday', 'local_hour'], label: `iso_weekday || '-' || local_hour` },
};

/**
 * Which usage rows to sum: explicit targets, or all targets of a kind in one zone (optionally of
 * one site) — the latter scans by site and time instead of probing thousands of ids.
 */
export type UsageScope = { ids: readonly string[] } | { targetKind: TargetKind; timeZone: string; siteId?: string };

/**
 * Booked and checked-in seconds of the hours beginning in [from, to) (instants), summed per
 * target (or over all of them, `perTarget: false`, targetId '') and bucket.
 */
export async function selectUsage(db: Db, schema: string, scope: UsageScope, from: number, to: number, grouping: UsageGrouping, perTarget = true): Promise<UsageSums[]> {
  const c = new Conditions();
  if ('ids' in scope) c.add('target_id = ANY($?::text[])', scope.ids);
  else {
    c.add('target_kind = $? AND time_zone = $?', scope.targetKind, scope.timeZone);
    if (scope.siteId !== undefined) c.add('site_id = $?', scope.siteId);
  }
  c.add('hour_start >= $?::timestamptz AND hour_start < $?::timestamptz', new Date(from).toISOString(), new Date(to).toISOString());
  const bucket = BUCKET_SQL[grouping];
  const group = [...(perTarget ? ['target_id'] : []), ...bucket.group];
  const { rows } = await db.query<{ target_id: string; bucket: string; booked: string; checked_in: string; busy: string }>(
    `SELECT ${perTarget ? 'target_id' : `''`} AS target_id, ${bucket.label} AS bucket, sum(booked_seconds) AS booked, sum(checked_in_seconds) AS checked_in,
            count(*) FILTER (WHERE booked_seconds > 0) AS busy
       FROM ${quoteSchema(schema)}.usage_hourly ${c.where()}
      ${group.length > 0 ? `GROUP BY ${group.join(', ')}` : ''}`,
    c.values,
  );
  return rows.map((r) => ({ targetId: r.target_id, bucket: r.bucket, bookedSeconds: Number(r.booked), checkedInSeconds: Number(r.checked_in), busyHours: Number(r.busy) }));
}

export interface FactSelection {
  spaceIds?: readonly string[];
  siteId?: string;
  bookerId?: string;
  from: SqlBound;
  to: SqlBound;
}

function factConditions(s: FactSelection): Conditions {
  const c = new Conditions();
  if (s.spaceIds !== undefined) c.add('space_id = ANY($?::text[])', s.spaceIds);
  if (s.siteId !== undefined) c.add('site_id = $?', s.siteId);
  if (s.bookerId !== undefined) c.add('booker_id = $?', s.bookerId);
  addPeriod(c, s.from, s.to, 'start_at', 'local_start');
  return c;
}

export interface RateSums {
  key: string;
  bookings: number;
  cancelled: number;
  lateCancelled: number;
  noShows: number;
  checkedIn: number;
  leadMedian: number | null;
  leadMean: number | null;
  bookedMinutes: number;
}

const GROUP_COLUMN = { space: 'space_id', site: 'site_id', booker: 'booker_id' } as const;

/** Outcome counts of the bookings that got a slot (not placing, not rejected), per space, site or booker. */
export async function selectRates(db: Db, schema: string, s: FactSelection, groupBy: keyof typeof GROUP_COLUMN): Promise<RateSums[]> {
  const c = factConditions(s).add(`status NOT IN ('placing', 'rejected')`);
  const key = GROUP_COLUMN[groupBy];
  const lead = 'extract(epoch FROM start_at - requested_at) / 60';
  const { rows } = await db.query<{ key: string; bookings: string; cancelled: string; late_cancelled: string; no_shows: string; checked_in: string; lead_median: number | null; lead_mean: string | null; booked_minutes: string | null }>(
    `SELECT ${key} AS key, count(*) AS bookings,
            count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
            count(*) FILTER (WHERE status = 'cancelled' AND late_cancellation) AS late_cancelled,
            count(*) FILTER (WHERE status = 'no_show') AS no_shows,
            count(*) FILTER (WHERE checked_in_at IS NOT NULL) AS checked_in,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${lead}) AS lead_median,
            avg(${lead}) AS lead_mean,
            sum(duration_minutes) FILTER (WHERE status IN ('confirmed', 'checked_in', 'completed', 'no_show')) AS booked_minutes
       FROM ${quoteSchema(schema)}.booking_facts ${c.where()}
      GROUP BY 1 ORDER BY 1`,
    c.values,
  );
  return rows.map((r) => ({
    key: r.key, bookings: Number(r.bookings), cancelled: Number(r.cancelled), lateCancelled: Number(r.late_cancelled), noShows: Number(r.no_shows),
    checkedIn: Number(r.checked_in), leadMedian: r.lead_median === null ? null : Number(r.lead_median), leadMean: r.lead_mean === null ? null : Number(r.lead_mean),
    bookedMinutes: Number(r.booked_minutes ?? 0),
  }));
}

/** Keyset position: the last row's (instant, id). */
export interface Keyset {
  at: string;
  id: string;
}

interface FactRecord {
  booking_id: string; booker_id: string; space_id: string; site_id: string; time_zone: string; start_at: Date; end_at: Date; local_start: string;
  duration_minutes: number; status: BookingStatus; participants: number; resources: BookingFact['resources']; purpose: string; placements: number;
  changes: number; requested_at: Date; confirmed_at: Date | null; approved_at: Date | null; approved_by: string | null; rejected_at: Date | null;
  rejection_reason: BookingFact['rejectionReason']; cancelled_at: Date | null; cancelled_by: string | null; cancel_reason: string | null;
  late_cancellation: boolean; cancel_lead_minutes: number | null; checked_in_at: Date | null; checked_in_by: string | null; checked_in_minutes: number;
  completed_at: Date | null; no_show_at: Date | null; no_show_by: string | null; lead_minutes: number; last_event_at: Date;
}

function toFact(r: FactRecord): BookingFact {
  return {
    bookingId: r.booking_id, bookerId: r.booker_id, spaceId: r.space_id, siteId: r.site_id, timeZone: r.time_zone, start: isoOf(r.start_at), end: isoOf(r.end_at),
    localStart: r.local_start, durationMinutes: r.duration_minutes, status: r.status, participants: r.participants, resources: r.resources, purpose: r.purpose,
    placements: r.placements, changes: r.changes, requestedAt: isoOf(r.requested_at), confirmedAt: isoOf(r.confirmed_at), approvedAt: isoOf(r.approved_at),
    approvedBy: r.approved_by, rejectedAt: isoOf(r.rejected_at), rejectionReason: r.rejection_reason, cancelledAt: isoOf(r.cancelled_at),
    cancelledBy: r.cancelled_by, cancelReason: r.cancel_reason, lateCancellation: r.late_cancellation, cancelLeadMinutes: r.cancel_lead_minutes,
    checkedInAt: isoOf(r.checked_in_at), checkedInBy: r.checked_in_by, checkedInMinutes: r.checked_in_minutes, completedAt: isoOf(r.completed_at),
    noShowAt: isoOf(r.no_show_at), noShowBy: r.no_show_by, leadMinutes: r.lead_minutes, lastEventAt: isoOf(r.last_event_at),
  };
}

/** Up to `limit` bookings after `after`, by (start, booking id). */
export async function selectBookingFacts(db: Db, schema: string, s: FactSelection & { statuses?: readonly BookingStatus[] }, after: Keyset | null, limit: number): Promise<BookingFact[]> {
  const c = factConditions(s);
  if (s.statuses !== undefined) c.add('status = ANY($?::text[])', s.statuses);
  if (after) c.add('(start_at, booking_id) > ($?::timestamptz, $?)', after.at, after.id);
  const { rows } = await db.query<FactRecord>(
    `SELECT * FROM ${quoteSchema(schema)}.booking_facts ${c.where()} ORDER BY start_at, booking_id LIMIT ${Math.trunc(limit)}`,
    c.values,
  );
  return rows.map(toFact);
}

export interface UnmetSelection {
  spaceIds?: readonly string[];
  siteId?: string;
  kinds?: readonly string[];
  reasons?: readonly string[];
  from: SqlBound;
  to: SqlBound;
}

/** Up to `limit` unmet requests after `after`, by (wished start, event id). */
export async function selectUnmetDemand(db: Db, schema: string, s: UnmetSelection, after: Keyset | null, limit: number): Promise<UnmetDemandRow[]> {
  const c = new Conditions();
  if (s.spaceIds !== undefined) c.add('space_id = ANY($?::text[])', s.spaceIds);
  if (s.siteId !== undefined) c.add('site_id = $?', s.siteId);
  if (s.kinds !== undefined) c.add('kind = ANY($?::text[])', s.kinds);
  if (s.reasons !== undefined) c.add('reason = ANY($?::text[])', s.reasons);
  addPeriod(c, s.from, s.to, 'wished_start', 'wished_local_start');
  if (after) c.add('(wished_start, event_id) > ($?::timestamptz, $?::uuid)', after.at, after.id);
  const { rows } = await db.query<{
    event_id: string; kind: UnmetDemandRow['kind']; reason: UnmetDemandRow['reason']; booking_id: string; booker_id: string; space_id: string; site_id: string;
    time_zone: string; wished_start: Date; wished_end: Date; wished_local_start: string; participants: number; resources: UnmetDemandRow['resources'];
    requested_at: Date; rejected_at: Date; conflicts: UnmetDemandRow['conflicts'];
  }>(`SELECT * FROM ${quoteSchema(schema)}.unmet_demand ${c.where()} ORDER BY wished_start, event_id LIMIT ${Math.trunc(limit)}`, c.values);
  return rows.map((r) => ({
    eventId: r.event_id, kind: r.kind, reason: r.reason, bookingId: r.booking_id, bookerId: r.booker_id, spaceId: r.space_id, siteId: r.site_id,
    timeZone: r.time_zone, wishedStart: isoOf(r.wished_start), wishedEnd: isoOf(r.wished_end), wishedLocalStart: r.wished_local_start,
    participants: r.participants, resources: r.resources, requestedAt: isoOf(r.requested_at), rejectedAt: isoOf(r.rejected_at), conflicts: r.conflicts,
  }));
}
