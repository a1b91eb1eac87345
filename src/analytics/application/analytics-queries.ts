import type { BookingRejected, BookingStatus, ResourceLine } from '../../booking/domain/booking.events.js';
import type { BookingPolicy } from '../../catalog/domain/catalog.types.js';

/**
 * The one query port for everything analytic: reports, charts, recommendations and forecasts
 * call it and never write their own SQL against the analytics tables. The PostgreSQL adapter is
 * `createPostgresAnalyticsQueries(pool, schema)` in
 * src/analytics/infrastructure/postgres-analytics-queries.ts; the read models behind it are the
 * `analytics_*` projections (documented in read-models/README.md, "Analytics").
 *
 * Conventions for every query:
 * - **Periods** are half-open `[from, to)`. A bound is either an instant (ISO 8601 with `Z` or an
 *   offset, e.g. `2026-03-01T00:00:00Z`) or a local date `yyyy-mm-dd`, which means local midnight
 *   in the time zone of each target's site (so `from: '2026-01-01', to: '2027-01-01'` is "the year
 *   2026" in every site's own calendar).
 * - **Selection**: `siteId` and/or explicit ids; with both, the ids must also be on that site;
 *   with neither, every target (analysts' whole-estate queries).
 * - **Local times** are in the site's zone and written without an offset: `yyyy-mm-ddTHH:mm`.
 *   Around a fall-back change a local hour happens twice; hourly rows then repeat a
 *   `bucketStart`, and `bucketStartAt` (the instant) tells them apart. A skipped local hour
 *   (spring forward) has no row.
 * - **Minutes** are real elapsed minutes (a local day can have 23 or 25 hours of them).
 * - Results are ordered deterministically (documented per query).
 */
export interface AnalyticsQueries {
  /**
   * Booked, checked-in and available minutes per target and local time bucket. One row for every
   * target selected and every bucket of the period (zeros included), ordered by targetId, then
   * bucketStartAt. A year by day for 10,000 spaces is 3.65 million rows: prefer `month` or
   * `total` for estate-wide reports.
   */
  utilisation(query: UtilisationQuery): Promise<UtilisationRow[]>;
  /** Booking outcome rates and lead time, grouped per space (default), site or booker; ordered by key. */
  rates(query: RatesQuery): Promise<RatesRow[]>;
  /**
   * The weekday × hour heatmap: always 168 cells per group (isoWeekday 1..7 × hour 0..23, in that
   * order), for all selected spaces together (`spaceId: null`) or, with `perSpace`, per space.
   */
  occupancyByWeekdayHour(query: WeekdayHourQuery): Promise<WeekdayHourCell[]>;
  /** Requests the system could not satisfy (rejected bookings and rejected changes), by wished start. */
  unmetDemand(query: UnmetDemandQuery): Promise<CursorPage<UnmetDemandRow>>;
  /** One row per booking, by start (`start`, then `bookingId`), keyset-paginated. */
  bookingFacts(query: BookingFactsQuery): Promise<CursorPage<BookingFact>>;
  /** The targets a selection covers, with what reports label them with; ordered by name, then id. */
  targets(query: TargetsQuery): Promise<AnalyticsTarget[]>;
  /** How many targets a selection covers (size a report before running it). */
  targetCount(query: TargetsQuery): Promise<number>;
}

export type TargetKind = 'space' | 'resource';
export type Granularity = 'hour' | 'day' | 'week' | 'month' | 'total';

/** An instant (`…Z` / `…+01:00`) or a local date `yyyy-mm-dd` (local midnight in each target's site zone). */
export type PeriodBound = string;

export interface Period {
  from: PeriodBound;
  to: PeriodBound;
}

export interface UtilisationQuery extends Period {
  targetKind: TargetKind;
  targetIds?: string[];
  siteId?: string;
  /** `week` = ISO week (Monday 00:00 local); `total` = the whole period as one bucket. */
  granularity: Granularity;
  /** Include retired targets (default true: history matters). */
  includeRetired?: boolean;
}

export interface UtilisationRow {
  targetId: string;
  targetKind: TargetKind;
  siteId: string;
  timeZone: string;
  /** Local start of the bucket in the site's zone, `yyyy-mm-ddTHH:mm` (clipped to the period's start). */
  bucketStart: string;
  /** The bucket as instants, clipped to the period: [bucketStartAt, bucketEndAt). */
  bucketStartAt: string;
  bucketEndAt: string;
  /**
   * Minutes booked (confirmed, checked in, completed or no-show bookings; without the turnover
   * buffer). For a resource: quantity × minutes.
   */
  bookedMinutes: number;
  /** Minutes from check-in to the booking's end (resources: quantity × those minutes). */
  checkedInMinutes: number;
  /**
   * Space: opening-hours minutes in the bucket minus declared blackouts (always-open spaces: every
   * minute). Resource: current stock × minutes minus withheld units × blacked-out minutes.
   */
  availableMinutes: number;
  /** bookedMinutes / availableMinutes; null when nothing was available. */
  utilisation: number | null;
  /** checkedInMinutes / availableMinutes; null when nothing was available. */
  usedUtilisation: number | null;
}

export type RatesGroup = 'space' | 'site' | 'booker';

export interface RatesQuery extends Period {
  spaceIds?: string[];
  siteId?: string;
  bookerId?: string;
  /** Default `space`. */
  groupBy?: RatesGroup;
}

/**
 * Outcomes of the bookings whose (current) start lies in the period and that got a slot
 * (ever confirmed or pending approval: rejected and still-placing requests are unmet demand, not bookings).
 */
export interface RatesRow {
  groupBy: RatesGroup;
  /** The space id, site id or booker id. */
  key: string;
  bookings: number;
  cancelled: number;
  /** Cancelled after the change deadline (the booking's changeDeadlineMinutes before start). */
  lateCancelled: number;
  noShows: number;
  checkedIn: number;
  /** cancelled / bookings (null when no bookings). */
  cancellationRate: number | null;
  /** lateCancelled / bookings. */
  lateCancellationRate: number | null;
  /** noShows / (bookings − cancelled): of the bookings that were due, how many nobody came to. */
  noShowRate: number | null;
  /** Minutes from request to (current) start, over the bookings; null when none. */
  leadTimeMinutes: { median: number; mean: number } | null;
  bookedMinutes: number;
}

export interface WeekdayHourQuery extends Period {
  spaceIds?: string[];
  siteId?: string;
  /** One block of 168 cells per space instead of one for all. */
  perSpace?: boolean;
}

export interface WeekdayHourCell {
  /** null when the cells sum over every selected space. */
  spaceId: string | null;
  /** 1 = Monday … 7 = Sunday, local. */
  isoWeekday: number;
  /** Local hour 0..23 (a repeated hour adds to its cell; a skipped one adds nothing). */
  hour: number;
  bookedMinutes: number;
  checkedInMinutes: number;
  availableMinutes: number;
  /** bookedMinutes / availableMinutes; null when the cell was never open. */
  share: number | null;
  /** (space, local date) occurrences of this hour with some availability. */
  openOccurrences: number;
  /** Of those, how many had any booked minute: busyOccurrences / openOccurrences = chance the hour is contested. */
  busyOccurrences: number;
}

export type UnmetDemandKind = 'request_rejected' | 'change_rejected';
export type UnmetDemandReason = BookingRejected['data']['reason'];

export interface UnmetDemandQuery extends Period {
  spaceIds?: string[];
  siteId?: string;
  kinds?: UnmetDemandKind[];
  reasons?: UnmetDemandReason[];
  limit?: number;
  cursor?: string | null;
}

/** One request that was not satisfied; the period selects on `wishedStart`. */
export interface UnmetDemandRow {
  /** The rejecting event's id. */
  eventId: string;
  kind: UnmetDemandKind;
  /** conflict (slot taken), declined (approver), abandoned (placement stalled). */
  reason: UnmetDemandReason;
  bookingId: string;
  bookerId: string;
  spaceId: string;
  siteId: string;
  timeZone: string;
  wishedStart: string;
  wishedEnd: string;
  /** Local `yyyy-mm-ddTHH:mm` of wishedStart. */
  wishedLocalStart: string;
  participants: number;
  resources: ResourceLine[];
  /** When the request was made, and when it was turned down. */
  requestedAt: string;
  rejectedAt: string;
  conflicts: BookingRejected['data']['conflicts'];
}

export interface BookingFactsQuery extends Period {
  spaceIds?: string[];
  siteId?: string;
  bookerId?: string;
  statuses?: BookingStatus[];
  /** Default 500, at most 10,000. */
  limit?: number;
  cursor?: string | null;
}

export interface BookingFact {
  bookingId: string;
  bookerId: string;
  spaceId: string;
  siteId: string;
  timeZone: string;
  /** Current placement [start, end), instants. */
  start: string;
  end: string;
  /** Local `yyyy-mm-ddTHH:mm` of start in the site's zone. */
  localStart: string;
  durationMinutes: number;
  status: BookingStatus;
  participants: number;
  resources: ResourceLine[];
  purpose: string;
  /** Placements so far (1 + changes requested). */
  placements: number;
  /** Changes applied. */
  changes: number;
  requestedAt: string;
  /** First time the slot was secured (confirmed or submitted for approval). */
  confirmedAt: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  rejectedAt: string | null;
  rejectionReason: UnmetDemandReason | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  /** Cancelled after the change deadline. */
  lateCancellation: boolean;
  /** Minutes between cancellation and start (negative: after it started). */
  cancelLeadMinutes: number | null;
  checkedInAt: string | null;
  checkedInBy: string | null;
  checkedInMinutes: number;
  completedAt: string | null;
  noShowAt: string | null;
  noShowBy: string | null;
  /** Minutes from request to (current) start. */
  leadMinutes: number;
  lastEventAt: string;
}

export interface CursorPage<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface TargetsQuery {
  targetKind: TargetKind;
  targetIds?: string[];
  siteId?: string;
  includeRetired?: boolean;
}

export interface AnalyticsTarget {
  targetId: string;
  targetKind: TargetKind;
  siteId: string;
  name: string;
  /** Space kind (meeting_room, …) or resource category. */
  kind: string;
  timeZone: string;
  /** Space capacity (participants) or resource stock (units). */
  capacity: number;
  retired: boolean;
  /** Spaces only (null for resources: they have no opening hours). */
  openingHours: BookingPolicy['openingHours'] | null;
}
