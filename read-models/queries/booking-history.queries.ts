import type { BookingEvent } from '../../src/booking/domain/booking.events.js';
import type { BookingHistoryRow } from '../rows/bookings.row.js';
import { quoteSchema } from '../schema-name.js';
import { visibility, type BookingHistoryEntry, type BookingVisibility } from './bookings.queries.js';
import { Conditions, isoOf, queryPage, type Db, type Page } from './db.js';

/** One booking event with the booking it changed: who did what to which booking, and when. */
export interface BookingChangeView extends BookingHistoryEntry {
  bookingId: string;
  bookerId: string;
  spaceId: string;
  siteId: string;
  /** `displayName` only when asked for (`withActorNames`): null for someone without a row in `users` (a system actor, an erased person). */
  actor: { id: string; kind: 'user' | 'system'; displayName?: string | null };
}

export interface BookingChangeFilter {
  /** ANDed with the other filters, which can therefore only narrow it (bookings.queries `visibility`). */
  visibleTo?: BookingVisibility;
  bookingId?: string;
  bookerId?: string;
  spaceId?: string;
  siteId?: string;
  /** Who made the change. */
  actorId?: string;
  type?: BookingEvent['type'];
  /** occurred_at in [from, to); either bound may be left open. ISO instants. */
  from?: string;
  to?: string;
  /** Join the actor's display name from `users` (personal data: only for callers who may read people). */
  withActorNames?: boolean;
  limit?: number;
  offset?: number;
}

type ChangeRow = BookingHistoryRow<Date> & { booker_id: string; space_id: string; site_id: string; actor_name?: string | null };

/**
 * The history rows of every booking matching the filter, newest first: a feed of changes
 * across bookings, filtered by the booking's space, site or booker, the actor, the event type
 * and when it happened.
 */
export async function listBookingChanges(db: Db, schema: string, filter: BookingChangeFilter = {}): Promise<Page<BookingChangeView>> {
  const s = quoteSchema(schema);
  const c = new Conditions();
  if (filter.visibleTo !== undefined) visibility(c, filter.visibleTo);
  if (filter.bookingId !== undefined) c.add('h.booking_id = $?', filter.bookingId);
  if (filter.bookerId !== undefined) c.add('b.booker_id = $?', filter.bookerId);
  if (filter.spaceId !== undefined) c.add('b.space_id = $?', filter.spaceId);
  if (filter.siteId !== undefined) c.add('b.site_id = $?', filter.siteId);
  if (filter.actorId !== undefined) c.add('h.actor_id = $?', filter.actorId);
  if (filter.type !== undefined) c.add('h.event_type = $?', filter.type);
  if (filter.from !== undefined) c.add('h.occurred_at >= $?::timestamptz', filter.from);
  if (filter.to !== undefined) c.add('h.occurred_at < $?::timestamptz', filter.to);
  const names = filter.withActorNames === true;
  const sql =
    `SELECT h.*, b.booker_id, b.space_id, b.site_id${names ? ', u.display_name AS actor_name' : ''}` +
    ` FROM ${s}.booking_history h JOIN ${s}.bookings b ON b.id = h.booking_id` +
    (names ? ` LEFT JOIN ${s}.users u ON u.user_id = h.actor_id` : '') +
    ` ${c.where()}`;
  const { rows, total } = await queryPage<ChangeRow>(db, sql, c.values, 'page.occurred_at DESC, page.booking_id, page.revision DESC', filter.limit ?? 50, filter.offset ?? 0);
  return { items: rows.map((r) => toChange(r, names)), total };
}

function toChange(r: ChangeRow, names: boolean): BookingChangeView {
  // The events' actor kinds; the column is plain text.
  const kind = r.actor_kind as BookingChangeView['actor']['kind'];
  return {
    eventId: r.event_id,
    bookingId: r.booking_id,
    bookerId: r.booker_id,
    spaceId: r.space_id,
    siteId: r.site_id,
    revision: r.revision,
    type: r.event_type,
    occurredAt: isoOf(r.occurred_at),
    recordedAt: isoOf(r.recorded_at),
    actor: names ? { id: r.actor_id, kind, displayName: r.actor_name ?? null } : { id: r.actor_id, kind },
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    previousStatus: r.previous_status,
    status: r.status,
    details: r.details,
  };
}
