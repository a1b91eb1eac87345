import type pg from 'pg';
import type { RecordedEvent } from '../src/shared/event-store/event-store.js';
import { assertNever } from '../src/shared/domain/decider.js';
import { BOOKING_EVENT_TYPES, type BookingEvent, type BookingRejected, type BookingStatus, type ResourceLine } from '../src/booking/domain/booking.events.js';
import { bookingUsage, checkedInRange, isBooked, type UsageCell } from '../src/analytics/domain/booking-usage.js';
import { localDateTime, localHourOf } from '../src/analytics/domain/local-hours.js';
import { defineProjection } from './projection.js';
import { encodeRows, foldIntoRows, iso, selectJsonbRows, type ColumnType, type RowTable } from './row-table.js';

const MINUTE = 60_000;

/** A requested change not settled yet; the booking keeps its placement meanwhile. */
export interface PendingFactChange {
  placement: number;
  start: string;
  end: string;
  participants: number;
  resources: ResourceLine[];
  purpose: string;
  requestedAt: string;
}

/** A row of `booking_facts` (read-models/migrations/008_analytics.sql). */
export interface BookingFactRow {
  booking_id: string;
  booker_id: string;
  space_id: string;
  site_id: string;
  time_zone: string;
  start_at: string;
  end_at: string;
  local_start: string;
  iso_weekday: number;
  duration_minutes: number;
  status: BookingStatus;
  participants: number;
  resources: ResourceLine[];
  purpose: string;
  placements: number;
  changes: number;
  pending_change: PendingFactChange | null;
  change_deadline_minutes: number;
  requested_at: string;
  confirmed_at: string | null;
  approved_at: string | null;
  approved_by: string | null;
  rejected_at: string | null;
  rejection_reason: BookingRejected['data']['reason'] | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  late_cancellation: boolean;
  cancel_lead_minutes: number | null;
  checked_in_at: string | null;
  checked_in_by: string | null;
  checked_in_minutes: number;
  completed_at: string | null;
  no_show_at: string | null;
  no_show_by: string | null;
  lead_minutes: number;
  last_event_at: string;
  revision: number;
}

/** A row of `unmet_demand`. */
export interface UnmetDemandDbRow {
  event_id: string;
  kind: 'request_rejected' | 'change_rejected';
  reason: BookingRejected['data']['reason'];
  booking_id: string;
  booker_id: string;
  space_id: string;
  site_id: string;
  time_zone: string;
  wished_start: string;
  wished_end: string;
  wished_local_start: string;
  iso_weekday: number;
  participants: number;
  resources: ResourceLine[];
  requested_at: string;
  rejected_at: string;
  conflicts: BookingRejected['data']['conflicts'];
}

const BOOKING_FACTS: RowTable<BookingFactRow> = {
  name: 'booking_facts',
  key: 'booking_id',
  columns: {
    booking_id: 'text', booker_id: 'text', space_id: 'text', site_id: 'text', time_zone: 'text',
    start_at: 'timestamptz', end_at: 'timestamptz', local_start: 'text', iso_weekday: 'integer', duration_minutes: 'integer',
    status: 'text', participants: 'integer', resources: 'jsonb', purpose: 'text', placements: 'integer', changes: 'integer',
    pending_change: 'jsonb', change_deadline_minutes: 'integer', requested_at: 'timestamptz', confirmed_at: 'timestamptz',
    approved_at: 'timestamptz', approved_by: 'text', rejected_at: 'timestamptz', rejection_reason: 'text',
    cancelled_at: 'timestamptz', cancelled_by: 'text', cancel_reason: 'text', late_cancellation: 'boolean', cancel_lead_minutes: 'integer',
    checked_in_at: 'timestamptz', checked_in_by: 'text', checked_in_minutes: 'integer', completed_at: 'timestamptz',
    no_show_at: 'timestamptz', no_show_by: 'text', lead_minutes: 'integer', last_event_at: 'timestamptz', revision: 'integer',
  },
};

const ms = (instant: string) => Date.parse(instant);

/** Columns that follow from the placement (start, end) and the request time. */
function placementColumns(start: string, end: string, requestedAt: string, timeZone: string) {
  const hour = localHourOf(ms(start), timeZone);
  return {
    start_at: start,
    end_at: end,
    local_start: localDateTime(ms(start), timeZone),
    iso_weekday: hour.isoWeekday,
    duration_minutes: Math.round((ms(end) - ms(start)) / MINUTE),
    lead_minutes: Math.floor((ms(start) - ms(requestedAt)) / MINUTE),
  };
}

function checkedInMinutes(row: BookingFactRow): number {
  const used = checkedInRange({ status: row.status, start: ms(row.start_at), end: ms(row.end_at), checkedInAt: row.checked_in_at === null ? null : ms(row.checked_in_at) });
  return used ? Math.round((used.end - used.start) / MINUTE) : 0;
}

function unmet(row: BookingFactRow, event: RecordedEvent, kind: UnmetDemandDbRow['kind'], wished: { start: string; end: string; participants: number; resources: ResourceLine[]; requestedAt: string }, reason: UnmetDemandDbRow['reason'], conflicts: UnmetDemandDbRow['conflicts']): UnmetDemandDbRow {
  return {
    event_id: event.id, kind, reason, booking_id: row.booking_id, booker_id: row.booker_id, space_id: row.space_id, site_id: row.site_id,
    time_zone: row.time_zone, wished_start: wished.start, wished_end: wished.end, wished_local_start: localDateTime(ms(wished.start), row.time_zone),
    iso_weekday: localHourOf(ms(wished.start), row.time_zone).isoWeekday, participants: wished.participants, resources: wished.resources,
    requested_at: wished.requestedAt, rejected_at: iso(event.metadata.occurredAt), conflicts,
  };
}

/**
 * The fact row after `event`, and the unmet demand it records (a rejected request or change).
 * Pure: every value comes from the events.
 */
export function evolveBookingFact(row: BookingFactRow | undefined, event: RecordedEvent): { row: BookingFactRow; unmet: UnmetDemandDbRow | null } | undefined {
  const e = event as unknown as BookingEvent;
  const at = iso(event.metadata.occurredAt);
  if (e.type === 'BookingRequested') {
    const d = e.data;
    const start = iso(d.start);
    const end = iso(d.end);
    return {
      row: {
        booking_id: d.bookingId, booker_id: d.bookerId, space_id: d.spaceId, site_id: d.siteId, time_zone: d.timeZone,
        ...placementColumns(start, end, at, d.timeZone),
        status: 'placing', participants: d.participants, resources: d.resources, purpose: d.purpose, placements: d.placement, changes: 0,
        pending_change: null, change_deadline_minutes: d.changeDeadlineMinutes, requested_at: at, confirmed_at: null, approved_at: null, approved_by: null,
        rejected_at: null, rejection_reason: null, cancelled_at: null, cancelled_by: null, cancel_reason: null, late_cancellation: false,
        cancel_lead_minutes: null, checked_in_at: null, checked_in_by: null, checked_in_minutes: 0, completed_at: null, no_show_at: null,
        no_show_by: null, last_event_at: at, revision: event.revision,
      },
      unmet: null,
    };
  }
  if (!row) return undefined;
  const base: BookingFactRow = { ...row, last_event_at: at, revision: event.revision };
  switch (e.type) {
    case 'BookingConfirmed':
      return { row: { ...base, status: 'confirmed', placements: Math.max(row.placements, e.data.placement), confirmed_at: row.confirmed_at ?? at }, unmet: null };
    case 'BookingSubmittedForApproval':
      return { row: { ...base, status: 'pending_approval', confirmed_at: row.confirmed_at ?? at }, unmet: null };
    case 'BookingApproved':
      return { row: { ...base, status: 'confirmed', approved_at: at, approved_by: e.data.approvedBy }, unmet: null };
    case 'BookingRejected': {
      const wished = { start: row.start_at, end: row.end_at, participants: row.participants, resources: row.resources, requestedAt: row.requested_at };
      return {
        row: { ...base, status: 'rejected', pending_change: null, rejected_at: at, rejection_reason: e.data.reason },
        unmet: unmet(row, event, 'request_rejected', wished, e.data.reason, e.data.conflicts),
      };
    }
    case 'BookingChangeRequested': {
      const d = e.data;
      const pending: PendingFactChange = { placement: d.placement, start: iso(d.start), end: iso(d.end), participants: d.participants, resources: d.resources, purpose: d.purpose, requestedAt: at };
      return { row: { ...base, pending_change: pending, placements: Math.max(row.placements, d.placement) }, unmet: null };
    }
    case 'BookingChanged': {
      const p = row.pending_change;
      if (!p || p.placement !== e.data.placement) return { row: base, unmet: null };
      const next: BookingFactRow = {
        ...base, ...placementColumns(p.start, p.end, row.requested_at, row.time_zone),
        participants: p.participants, resources: p.resources, purpose: p.purpose, pending_change: null, changes: row.changes + 1,
      };
      return { row: { ...next, checked_in_minutes: checkedInMinutes(next) }, unmet: null };
    }
    case 'BookingChangeRejected': {
      const p = row.pending_change;
      if (!p || p.placement !== e.data.placement) return { row: base, unmet: null };
      return { row: { ...base, pending_change: null }, unmet: unmet(row, event, 'change_rejected', p, e.data.reason, e.data.conflicts) };
    }
    case 'BookingCancelled': {
      const start = ms(row.start_at);
      return {
        row: {
          ...base, status: 'cancelled', pending_change: null, cancelled_at: at, cancelled_by: e.data.cancelledBy, cancel_reason: e.data.reason,
          late_cancellation: ms(at) >= start - row.change_deadline_minutes * MINUTE, cancel_lead_minutes: Math.floor((start - ms(at)) / MINUTE),
        },
        unmet: null,
      };
    }
    case 'BookingCheckedIn': {
      const next: BookingFactRow = { ...base, status: 'checked_in', checked_in_at: iso(e.data.at), checked_in_by: e.data.checkedInBy };
      return { row: { ...next, checked_in_minutes: checkedInMinutes(next) }, unmet: null };
    }
    case 'BookingCompleted':
      return { row: { ...base, status: 'completed', completed_at: at }, unmet: null };
    case 'BookingMarkedNoShow':
      return { row: { ...base, status: 'no_show', no_show_at: at, no_show_by: e.data.markedBy }, unmet: null };
    default:
      return assertNever(e);
  }
}

function usageOf(row: BookingFactRow | undefined): UsageCell[] {
  if (!row || !isBooked(row.status)) return [];
  return bookingUsage({
    spaceId: row.space_id, siteId: row.site_id, timeZone: row.time_zone, status: row.status, start: ms(row.start_at), end: ms(row.end_at),
    resources: row.resources, checkedInAt: row.checked_in_at === null ? null : ms(row.checked_in_at),
  });
}

/** What a row contributes to usage_hourly depends on these only; equal keys, no delta to compute. */
function usageKey(row: BookingFactRow | undefined): string {
  if (!row || !isBooked(row.status)) return '';
  const used = row.checked_in_at !== null && (row.status === 'checked_in' || row.status === 'completed') ? row.checked_in_at : '';
  return `${row.start_at}|${row.end_at}|${used}|${JSON.stringify(row.resources)}`;
}

/** Sums of usage changes per (target, local hour) over a batch. */
class UsageDeltas {
  private readonly cells = new Map<string, UsageCell>();

  add(cells: readonly UsageCell[], sign: 1 | -1): void {
    for (const c of cells) {
      const key = `${c.targetId}\u0000${c.hour.hourStart}`;
      const sum = this.cells.get(key);
      if (sum) {
        sum.bookedSeconds += sign * c.bookedSeconds;
        sum.checkedInSeconds += sign * c.checkedInSeconds;
        sum.bookings += sign * c.bookings;
      } else {
        this.cells.set(key, { ...c, bookedSeconds: sign * c.bookedSeconds, checkedInSeconds: sign * c.checkedInSeconds, bookings: sign * c.bookings });
      }
    }
  }

  /** Changed cells as rows for MERGE_USAGE, sorted by key so concurrent writers lock in one order. */
  rows(): string | null {
    const changed = [...this.cells.values()]
      .filter((c) => c.bookedSeconds !== 0 || c.checkedInSeconds !== 0 || c.bookings !== 0)
      .sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : a.hour.hourStart - b.hour.hourStart));
    if (changed.length === 0) return null;
    return JSON.stringify(changed.map((c) => [
      c.targetId, new Date(c.hour.hourStart).toISOString(), c.targetKind, c.siteId, c.timeZone, c.hour.localDate, c.hour.localHour, c.hour.isoWeekday,
      c.bookedSeconds, c.checkedInSeconds, c.bookings,
    ]));
  }
}

// Adds the batch's deltas; a row whose bookings fall back to zero holds nothing any more and is
// deleted, so the table equals a rebuild that never saw it.
const MERGE_USAGE = `
  MERGE INTO usage_hourly AS t
  USING (SELECT e->>0 AS target_id, (e->>1)::timestamptz AS hour_start, e->>2 AS target_kind, e->>3 AS site_id, e->>4 AS time_zone,
                (e->>5)::date AS local_date, (e->>6)::smallint AS local_hour, (e->>7)::smallint AS iso_weekday,
                (e->>8)::bigint AS booked_seconds, (e->>9)::bigint AS checked_in_seconds, (e->>10)::integer AS bookings
           FROM jsonb_array_elements($1::jsonb) AS e) AS s
     ON t.target_id = s.target_id AND t.hour_start = s.hour_start
  WHEN MATCHED AND t.bookings + s.bookings <= 0 THEN DELETE
  WHEN MATCHED THEN UPDATE SET booked_seconds = t.booked_seconds + s.booked_seconds,
                               checked_in_seconds = t.checked_in_seconds + s.checked_in_seconds,
                               bookings = t.bookings + s.bookings
  WHEN NOT MATCHED AND s.bookings > 0 THEN INSERT (target_id, hour_start, target_kind, site_id, time_zone, local_date, local_hour, iso_weekday, booked_seconds, checked_in_seconds, bookings)
    VALUES (s.target_id, s.hour_start, s.target_kind, s.site_id, s.time_zone, s.local_date, s.local_hour, s.iso_weekday, s.booked_seconds, s.checked_in_seconds, s.bookings)`;

const UNMET_COLUMNS = [
  ['event_id', 'uuid'], ['kind', 'text'], ['reason', 'text'], ['booking_id', 'text'], ['booker_id', 'text'], ['space_id', 'text'], ['site_id', 'text'],
  ['time_zone', 'text'], ['wished_start', 'timestamptz'], ['wished_end', 'timestamptz'], ['wished_local_start', 'text'], ['iso_weekday', 'integer'],
  ['participants', 'integer'], ['resources', 'jsonb'], ['requested_at', 'timestamptz'], ['rejected_at', 'timestamptz'], ['conflicts', 'jsonb'],
] as const satisfies readonly (readonly [keyof UnmetDemandDbRow, ColumnType])[];

const INSERT_UNMET = `
  INSERT INTO unmet_demand (${UNMET_COLUMNS.map(([c]) => c).join(', ')})
  ${selectJsonbRows(UNMET_COLUMNS)}
  ON CONFLICT DO NOTHING`;

async function applyAnalyticsBookingEvents(client: pg.PoolClient, events: readonly RecordedEvent[]): Promise<void> {
  const unmetRows: UnmetDemandDbRow[] = [];
  const usage = new UsageDeltas();
  await foldIntoRows(client, BOOKING_FACTS, events, {
    idOf: (e) => (e.data as { bookingId: string }).bookingId,
    creates: (e) => e.type === 'BookingRequested',
    evolve: (row, e) => {
      const result = evolveBookingFact(row, e);
      if (!result) return undefined;
      if (result.unmet) unmetRows.push(result.unmet);
      if (usageKey(row) !== usageKey(result.row)) {
        usage.add(usageOf(row), -1);
        usage.add(usageOf(result.row), 1);
      }
      return result.row;
    },
  });
  const usageRows = usage.rows();
  if (usageRows) await client.query(MERGE_USAGE, [usageRows]);
  if (unmetRows.length > 0) await client.query(INSERT_UNMET, [encodeRows(unmetRows, UNMET_COLUMNS.map(([c]) => c))]);
}

/**
 * Analytics of bookings: `booking_facts` (one row per booking with its outcome), `usage_hourly`
 * (booked and checked-in time per space / resource and local hour) and `unmet_demand` (rejected
 * requests and changes), kept together because usage and unmet demand need the booking's state
 * before each event.
 */
export const analyticsBookingsProjection = defineProjection({
  name: 'analytics_bookings',
  filter: { streamPrefixes: ['booking-'], eventTypes: [...BOOKING_EVENT_TYPES] },
  tables: ['booking_facts', 'usage_hourly', 'unmet_demand'],
  applyBatch: applyAnalyticsBookingEvents,
});
