import type { BookingRejected, BookingStatus, ResourceLine } from '../../src/booking/domain/booking.events.js';
import type { BookingHistoryRow, BookingRow, PendingChange } from '../rows/bookings.row.js';
import { quoteSchema } from '../schema-name.js';
import { Conditions, isoOf, queryPage, type Db, type Page } from './db.js';

export type { PendingChange };

export interface BookingView {
  id: string;
  bookerId: string;
  spaceId: string;
  siteId: string;
  timeZone: string;
  start: string;
  end: string;
  /** End of the space's hold: end + the space's buffer. */
  holdUntil: string;
  status: BookingStatus;
  purpose: string;
  participants: number;
  resources: ResourceLine[];
  placement: number;
  /** A requested change not settled yet; start/end above stay the current ones until it is. */
  pendingChange: PendingChange | null;
  approvalRequired: boolean;
  changeDeadlineMinutes: number;
  approvedBy: string | null;
  approvedAt: string | null;
  approvalComment: string | null;
  rejectedBy: string | null;
  rejectedAt: string | null;
  rejectionReason: BookingRejected['data']['reason'] | null;
  rejectionComment: string | null;
  rejectionConflicts: BookingRejected['data']['conflicts'] | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  cancelOverride: boolean | null;
  checkedInAt: string | null;
  checkedInBy: string | null;
  completedAt: string | null;
  noShowAt: string | null;
  noShowBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** Stream revision of the last event applied: the ETag. */
  revision: number;
}

/**
 * The bookings one caller may see: their own (`userId`) on `ownSiteIds`, or on every site when
 * that is null, and anyone's on `anySiteIds`.
 */
export interface BookingVisibility {
  userId: string;
  ownSiteIds: string[] | null;
  anySiteIds: string[];
}

export interface BookingFilter {
  /** ANDed with the other filters, which can therefore only narrow it. */
  visibleTo?: BookingVisibility;
  bookerId?: string;
  spaceId?: string;
  siteId?: string;
  status?: BookingStatus | BookingStatus[];
  /** Bookings overlapping [from, to); either bound may be left open. ISO instants. */
  from?: string;
  to?: string;
  /** A booker's tab (BookingListView), placed against `now` (required with it). */
  view?: BookingListView;
  now?: string;
  /** Case-insensitive text the purpose contains. */
  q?: string;
  limit?: number;
  offset?: number;
}

export interface BookingHistoryEntry {
  eventId: string;
  revision: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; kind: string };
  correlationId: string;
  causationId: string;
  previousStatus: BookingStatus | null;
  status: BookingStatus;
  /** What the event changed; for changes `{ changes: { field: { from, to } } }`. */
  details: Record<string, unknown>;
}

/**
 * `upcoming`: not over yet (in progress included), soonest first; `past`: over, or completed or
 * a no-show, latest first; `cancelled`: cancelled or rejected, latest first. Each excludes the others.
 */
export type BookingListView = 'upcoming' | 'past' | 'cancelled';

const VIEW_CONDITIONS: Record<BookingListView, string> = {
  upcoming: `status NOT IN ('cancelled', 'rejected', 'completed', 'no_show') AND end_at > $?::timestamptz`,
  past: `status NOT IN ('cancelled', 'rejected') AND (status IN ('completed', 'no_show') OR end_at <= $?::timestamptz)`,
  cancelled: `status IN ('cancelled', 'rejected')`,
};

function toBooking(r: BookingRow<Date>): BookingView {
  return {
    id: r.id, bookerId: r.booker_id, spaceId: r.space_id, siteId: r.site_id, timeZone: r.time_zone,
    start: isoOf(r.start_at), end: isoOf(r.end_at), holdUntil: isoOf(r.hold_until), status: r.status, purpose: r.purpose,
    participants: r.participants, resources: r.resources, placement: r.placement, pendingChange: r.pending_change,
    approvalRequired: r.approval_required, changeDeadlineMinutes: r.change_deadline_minutes,
    approvedBy: r.approved_by, approvedAt: isoOf(r.approved_at), approvalComment: r.approval_comment,
    rejectedBy: r.rejected_by, rejectedAt: isoOf(r.rejected_at), rejectionReason: r.rejection_reason,
    rejectionComment: r.rejection_comment, rejectionConflicts: r.rejection_conflicts,
    cancelledBy: r.cancelled_by, cancelledAt: isoOf(r.cancelled_at), cancelReason: r.cancel_reason, cancelOverride: r.cancel_override,
    checkedInAt: isoOf(r.checked_in_at), checkedInBy: r.checked_in_by, completedAt: isoOf(r.completed_at),
    noShowAt: isoOf(r.no_show_at), noShowBy: r.no_show_by,
    createdAt: isoOf(r.created_at), updatedAt: isoOf(r.updated_at), revision: r.revision,
  };
}

export async function getBooking(db: Db, schema: string, id: string): Promise<BookingView | null> {
  const { rows } = await db.query<BookingRow<Date>>(`SELECT * FROM ${quoteSchema(schema)}.bookings WHERE id = $1`, [id]);
  return rows[0] ? toBooking(rows[0]) : null;
}

/** Bookings matching every given filter, by start. */
export async function listBookings(db: Db, schema: string, filter: BookingFilter = {}): Promise<Page<BookingView>> {
  const c = new Conditions();
  if (filter.visibleTo !== undefined) visibility(c, filter.visibleTo);
  if (filter.bookerId !== undefined) c.add('booker_id = $?', filter.bookerId);
  if (filter.spaceId !== undefined) c.add('space_id = $?', filter.spaceId);
  if (filter.siteId !== undefined) c.add('site_id = $?', filter.siteId);
  if (filter.status !== undefined) c.add('status = ANY($?::text[])', [filter.status].flat());
  if (filter.from !== undefined) c.add('end_at > $?::timestamptz', filter.from);
  if (filter.to !== undefined) c.add('start_at < $?::timestamptz', filter.to);
  if (filter.view !== undefined) {
    if (filter.view !== 'cancelled' && filter.now === undefined) throw new Error(`view ${filter.view} needs now`);
    c.add(VIEW_CONDITIONS[filter.view], ...(filter.view === 'cancelled' ? [] : [filter.now]));
  }
  if (filter.q !== undefined) c.add('strpos(lower(purpose), lower($?)) > 0', filter.q);
  const { rows, total } = await queryPage<BookingRow<Date>>(
    db,
    `SELECT * FROM ${quoteSchema(schema)}.bookings ${c.where()}`,
    c.values,
    filter.view === undefined || filter.view === 'upcoming' ? 'page.start_at, page.id' : 'page.start_at DESC, page.id',
    filter.limit ?? 50,
    filter.offset ?? 0,
  );
  return { items: rows.map(toBooking), total };
}

/** One OR of two indexed conditions (booker, site), so the planner can combine both indexes. */
export function visibility(c: Conditions, v: BookingVisibility): void {
  const own = v.ownSiteIds === null ? 'booker_id = $?' : 'booker_id = $? AND site_id = ANY($?::text[])';
  const ownValues = v.ownSiteIds === null ? [v.userId] : [v.userId, v.ownSiteIds];
  if (v.anySiteIds.length === 0) c.add(`(${own})`, ...ownValues);
  else c.add(`((${own}) OR site_id = ANY($?::text[]))`, ...ownValues, v.anySiteIds);
}

/** Every event of the booking, oldest first; null for an unknown booking. */
export async function getBookingHistory(db: Db, schema: string, id: string): Promise<BookingHistoryEntry[] | null> {
  const { rows } = await db.query<BookingHistoryRow<Date>>(`SELECT * FROM ${quoteSchema(schema)}.booking_history WHERE booking_id = $1 ORDER BY revision`, [id]);
  if (rows.length === 0) return null;
  return rows.map((r) => ({
    eventId: r.event_id,
    revision: r.revision,
    type: r.event_type,
    occurredAt: isoOf(r.occurred_at),
    recordedAt: isoOf(r.recorded_at),
    actor: { id: r.actor_id, kind: r.actor_kind },
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    previousStatus: r.previous_status,
    status: r.status,
    details: r.details,
  }));
}
