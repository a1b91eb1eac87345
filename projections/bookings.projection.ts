import type pg from 'pg';
import type { RecordedEvent } from '../src/shared/event-store/event-store.js';
import { assertNever } from '../src/shared/domain/decider.js';
import { BOOKING_EVENT_TYPES, type BookingEvent, type BookingPlacement, type ResourceLine } from '../src/booking/domain/booking.events.js';
import type { BookingHistoryRow, BookingRow, PendingChange } from '../read-models/rows/bookings.row.js';
import { defineProjection } from './projection.js';
import { encodeRows, foldIntoRows, iso, selectJsonbRows, type ColumnType, type RowTable } from './row-table.js';

const BOOKINGS: RowTable<BookingRow> = {
  name: 'bookings',
  key: 'id',
  columns: {
    id: 'text', booker_id: 'text', space_id: 'text', site_id: 'text', time_zone: 'text',
    start_at: 'timestamptz', end_at: 'timestamptz', hold_until: 'timestamptz', status: 'text', purpose: 'text',
    participants: 'integer', resources: 'jsonb', placement: 'integer', pending_change: 'jsonb',
    approval_required: 'boolean', change_deadline_minutes: 'integer',
    approved_by: 'text', approved_at: 'timestamptz', approval_comment: 'text',
    rejected_by: 'text', rejected_at: 'timestamptz', rejection_reason: 'text', rejection_comment: 'text', rejection_conflicts: 'jsonb',
    cancelled_by: 'text', cancelled_at: 'timestamptz', cancel_reason: 'text', cancel_override: 'boolean',
    checked_in_at: 'timestamptz', checked_in_by: 'text', completed_at: 'timestamptz', no_show_at: 'timestamptz', no_show_by: 'text',
    created_at: 'timestamptz', updated_at: 'timestamptz', revision: 'integer',
  },
};

/** The fields a change can touch, as shown in history details (`{ field: { from, to } }`). */
interface Terms {
  start: string;
  end: string;
  participants: number;
  resources: ResourceLine[];
  purpose: string;
}

function termsOf(row: BookingRow): Terms {
  return { start: row.start_at, end: row.end_at, participants: row.participants, resources: row.resources, purpose: row.purpose };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Only the fields that differ, so "what changed" reads straight off the history row. */
export function diffTerms(from: Terms, to: Terms): Partial<Record<keyof Terms, { from: unknown; to: unknown }>> {
  const changes: Partial<Record<keyof Terms, { from: unknown; to: unknown }>> = {};
  for (const key of ['start', 'end', 'participants', 'resources', 'purpose'] as const) {
    if (!sameValue(from[key], to[key])) changes[key] = { from: from[key], to: to[key] };
  }
  return changes;
}

function placementOf(d: BookingPlacement) {
  return { start: iso(d.start), end: iso(d.end), holdUntil: iso(d.holdUntil), participants: d.participants, resources: d.resources };
}

/**
 * The booking row after `event`, and the history entry that records it. Pure: every value
 * (timestamps included) comes from the event, so a rebuild reproduces the rows exactly.
 */
export function evolveBooking(row: BookingRow | undefined, event: RecordedEvent): { row: BookingRow; history: BookingHistoryRow } | undefined {
  const e = event as unknown as BookingEvent;
  const at = iso(event.metadata.occurredAt);
  let next: BookingRow;
  let details: Record<string, unknown>;
  if (e.type === 'BookingRequested') {
    const d = e.data;
    const p = placementOf(d);
    next = {
      id: d.bookingId, booker_id: d.bookerId, space_id: d.spaceId, site_id: d.siteId, time_zone: d.timeZone,
      start_at: p.start, end_at: p.end, hold_until: p.holdUntil, status: 'placing', purpose: d.purpose,
      participants: p.participants, resources: p.resources, placement: d.placement, pending_change: null,
      approval_required: d.approvalRequired, change_deadline_minutes: d.changeDeadlineMinutes,
      approved_by: null, approved_at: null, approval_comment: null,
      rejected_by: null, rejected_at: null, rejection_reason: null, rejection_comment: null, rejection_conflicts: null,
      cancelled_by: null, cancelled_at: null, cancel_reason: null, cancel_override: null,
      checked_in_at: null, checked_in_by: null, completed_at: null, no_show_at: null, no_show_by: null,
      created_at: at, updated_at: at, revision: event.revision,
    };
    details = { spaceId: d.spaceId, placement: d.placement, ...p, purpose: d.purpose };
  } else {
    if (!row) return undefined;
    const base = { ...row, updated_at: at, revision: event.revision };
    switch (e.type) {
      case 'BookingConfirmed':
        next = { ...base, status: 'confirmed', placement: e.data.placement };
        details = { placement: e.data.placement };
        break;
      case 'BookingSubmittedForApproval':
        next = { ...base, status: 'pending_approval', placement: e.data.placement };
        details = { placement: e.data.placement };
        break;
      case 'BookingApproved':
        next = { ...base, status: 'confirmed', approved_by: e.data.approvedBy, approved_at: at, approval_comment: e.data.comment };
        details = { approvedBy: e.data.approvedBy, comment: e.data.comment };
        break;
      case 'BookingRejected':
        next = {
          ...base, status: 'rejected', pending_change: null, rejected_by: e.data.rejectedBy, rejected_at: at,
          rejection_reason: e.data.reason, rejection_comment: e.data.comment, rejection_conflicts: e.data.conflicts,
        };
        details = { reason: e.data.reason, rejectedBy: e.data.rejectedBy, comment: e.data.comment, conflicts: e.data.conflicts };
        break;
      case 'BookingChangeRequested': {
        const pending: PendingChange = { placement: e.data.placement, ...placementOf(e.data), purpose: e.data.purpose, requestedAt: at, requestedBy: e.data.requestedBy };
        next = { ...base, pending_change: pending };
        details = { placement: pending.placement, changes: diffTerms(termsOf(row), pending) };
        break;
      }
      case 'BookingChanged': {
        const pending = row.pending_change;
        if (pending && pending.placement === e.data.placement) {
          next = {
            ...base, start_at: pending.start, end_at: pending.end, hold_until: pending.holdUntil, participants: pending.participants,
            resources: pending.resources, purpose: pending.purpose, placement: pending.placement, pending_change: null,
          };
        } else {
          next = base;
        }
        details = { placement: e.data.placement, changes: diffTerms(termsOf(row), termsOf(next)) };
        break;
      }
      case 'BookingChangeRejected':
        next = { ...base, pending_change: row.pending_change?.placement === e.data.placement ? null : row.pending_change };
        details = { placement: e.data.placement, reason: e.data.reason, conflicts: e.data.conflicts };
        break;
      case 'BookingCancelled':
        next = {
          ...base, status: 'cancelled', pending_change: null, cancelled_by: e.data.cancelledBy, cancelled_at: at,
          cancel_reason: e.data.reason, cancel_override: e.data.override,
        };
        details = { cancelledBy: e.data.cancelledBy, reason: e.data.reason, override: e.data.override };
        break;
      case 'BookingCheckedIn':
        next = { ...base, status: 'checked_in', checked_in_at: iso(e.data.at), checked_in_by: e.data.checkedInBy };
        details = { checkedInBy: e.data.checkedInBy, at: iso(e.data.at) };
        break;
      case 'BookingCompleted':
        next = { ...base, status: 'completed', completed_at: at };
        details = {};
        break;
      case 'BookingMarkedNoShow':
        next = { ...base, status: 'no_show', no_show_at: at, no_show_by: e.data.markedBy };
        details = { markedBy: e.data.markedBy };
        break;
      default:
        return assertNever(e);
    }
  }
  const m = event.metadata;
  const history: BookingHistoryRow = {
    event_id: event.id,
    booking_id: next.id,
    revision: event.revision,
    event_type: event.type,
    occurred_at: at,
    recorded_at: iso(event.recordedAt),
    actor_id: m.actor.id,
    actor_kind: m.actor.kind,
    correlation_id: m.correlationId,
    causation_id: m.causationId,
    previous_status: row?.status ?? null,
    status: next.status,
    details,
  };
  return { row: next, history };
}

const HISTORY_COLUMNS = [
  ['event_id', 'uuid'], ['booking_id', 'text'], ['revision', 'integer'], ['event_type', 'text'], ['occurred_at', 'timestamptz'],
  ['recorded_at', 'timestamptz'], ['actor_id', 'text'], ['actor_kind', 'text'], ['correlation_id', 'text'], ['causation_id', 'text'],
  ['previous_status', 'text'], ['status', 'text'], ['details', 'jsonb'],
] as const satisfies readonly (readonly [keyof BookingHistoryRow, ColumnType])[];

const INSERT_HISTORY = `
  INSERT INTO booking_history (${HISTORY_COLUMNS.map(([c]) => c).join(', ')})
  ${selectJsonbRows(HISTORY_COLUMNS)}
  ON CONFLICT DO NOTHING`;

async function applyBookingEvents(client: pg.PoolClient, events: readonly RecordedEvent[]): Promise<void> {
  const history: BookingHistoryRow[] = [];
  await foldIntoRows(client, BOOKINGS, events, {
    idOf: (e) => (e.data as { bookingId: string }).bookingId,
    creates: (e) => e.type === 'BookingRequested',
    evolve: (row, e) => {
      const result = evolveBooking(row, e);
      if (!result) return undefined;
      history.push(result.history);
      return result.row;
    },
  });
  if (history.length > 0) await client.query(INSERT_HISTORY, [encodeRows(history, HISTORY_COLUMNS.map(([c]) => c))]);
}

/** `bookings` (current state) and `booking_history` (one row per event), kept together because history details need the state before each event. */
export const bookingsProjection = defineProjection({
  name: 'bookings',
  filter: { streamPrefixes: ['booking-'], eventTypes: [...BOOKING_EVENT_TYPES] },
  tables: ['bookings', 'booking_history'],
  applyBatch: applyBookingEvents,
});
