import { LIVE_READ_MODEL_SCHEMA } from '../../../read-models/schema-name.js';
import type { Db } from '../../../read-models/queries/db.js';
import {
  countTargets, selectAvailabilityVersions, selectBookingFacts, selectRates, selectTargets, selectUnmetDemand, selectUsage, selectWithheld,
  type Keyset, type SqlBound, type TargetSelection, type UsageScope, type UsageSums,
} from '../../../read-models/queries/analytics.queries.js';
import { ValidationError } from '../../shared/domain/errors.js';
import type {
  AnalyticsQueries, AnalyticsTarget, BookingFact, BookingFactsQuery, CursorPage, Granularity, PeriodBound, RatesQuery, RatesRow, TargetsQuery,
  UnmetDemandQuery, UnmetDemandRow, UtilisationQuery, UtilisationRow, WeekdayHourCell, WeekdayHourQuery,
} from '../application/analytics-queries.js';
import { availabilityByWeekdayHour, availableSegments, distributeOverBuckets, subtractWithheld, type AvailabilityVersion, type Segment, type Withheld } from '../domain/available-time.js';
import { isPeriodBound, periodBuckets, resolveBound, type Bucket } from '../domain/period-buckets.js';

const MINUTE = 60_000;
const GRANULARITIES: readonly Granularity[] = ['hour', 'day', 'week', 'month', 'total'];
const LOCAL_DATE = /^\d{4}-\d\d-\d\d$/;
const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 10_000;

/** The analytics query port over the read-model schema (default the live `rm`). */
export function createPostgresAnalyticsQueries(db: Db, schema: string = LIVE_READ_MODEL_SCHEMA): AnalyticsQueries {
  return new PostgresAnalyticsQueries(db, schema);
}

function checkPeriod(q: { from: PeriodBound; to: PeriodBound }): void {
  const issues = (['from', 'to'] as const)
    .filter((f) => typeof q[f] !== 'string' || !isPeriodBound(q[f]))
    .map((field) => ({ field, message: 'must be a local date (yyyy-mm-dd) or an instant with Z or an offset' }));
  if (issues.length > 0) throw new ValidationError(issues);
  // Comparable as written when both are of one kind; mixed kinds are compared in UTC, good enough to catch a swap.
  const asUtc = (b: string) => Date.parse(LOCAL_DATE.test(b) ? `${b}T00:00:00Z` : b);
  if (asUtc(q.from) >= asUtc(q.to)) throw new ValidationError([{ field: 'to', message: 'must be after from' }]);
}

function sqlBound(bound: PeriodBound): SqlBound {
  return LOCAL_DATE.test(bound) ? { localDate: bound } : { instant: Date.parse(bound) };
}

function limitOf(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ValidationError([{ field: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` }]);
  return limit;
}

function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify([k.at, k.id])).toString('base64url');
}

function decodeCursor(cursor: string | null | undefined): Keyset | null {
  if (cursor === undefined || cursor === null) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return { at, id };
  } catch {
    // falls through to the validation error
  }
  throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this query returned' }]);
}

function groupByZone<T extends { timeZone: string }>(items: readonly T[]): Map<string, T[]> {
  const zones = new Map<string, T[]>();
  for (const item of items) {
    let list = zones.get(item.timeZone);
    if (!list) zones.set(item.timeZone, (list = []));
    list.push(item);
  }
  return zones;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * Available time per target over one zone's period. Targets with the same versions (clipped to
 * the period) share one computation of their opening hours; only blackouts are per target.
 */
class Availability {
  private readonly templates = new Map<string, Segment[]>();

  constructor(
    private readonly timeZone: string,
    private readonly from: number,
    private readonly to: number,
    private readonly versions: Map<string, AvailabilityVersion[]>,
    private readonly withheld: Map<string, Withheld[]>,
  ) {}

  /** The template key (targets sharing it have equal segments unless they have blackouts) and the segments. */
  of(targetId: string): { template: string; own: boolean; segments: Segment[] } {
    const versions = this.versions.get(targetId) ?? [];
    const template = JSON.stringify(versions.map((v) => [Math.max(this.from, v.validFrom), Math.min(this.to, v.validTo ?? this.to), v.openingHours, v.quantity]));
    let segments = this.templates.get(template);
    if (!segments) this.templates.set(template, (segments = availableSegments(versions, [], this.timeZone, this.from, this.to)));
    const withheld = this.withheld.get(targetId);
    return withheld ? { template, own: true, segments: subtractWithheld(segments, withheld) } : { template, own: false, segments };
  }
}

class PostgresAnalyticsQueries implements AnalyticsQueries {
  constructor(private readonly db: Db, private readonly schema: string) {}

  private selection(q: TargetsQuery): TargetSelection {
    return { targetKind: q.targetKind, siteId: q.siteId, targetIds: q.targetIds, includeRetired: q.includeRetired ?? true };
  }

  targets(q: TargetsQuery): Promise<AnalyticsTarget[]> {
    return selectTargets(this.db, this.schema, this.selection(q));
  }

  targetCount(q: TargetsQuery): Promise<number> {
    return countTargets(this.db, this.schema, this.selection(q));
  }

  /**
   * Per zone of the selected targets: the period as instants, availability for them, and the
   * usage scope (`whole`: the selection is every target of its kind on the site, or everywhere).
   */
  private async perZone(targets: readonly AnalyticsTarget[], q: { from: PeriodBound; to: PeriodBound; siteId?: string }, whole: boolean) {
    const zones = [];
    for (const [timeZone, list] of groupByZone(targets)) {
      const from = resolveBound(q.from, timeZone);
      const to = resolveBound(q.to, timeZone);
      const ids = list.map((t) => t.targetId);
      const [versions, withheld] = await Promise.all([
        selectAvailabilityVersions(this.db, this.schema, ids, from, to),
        selectWithheld(this.db, this.schema, ids, from, to),
      ]);
      const kind = list[0]!.targetKind;
      const scope: UsageScope = whole ? { targetKind: kind, timeZone, siteId: q.siteId } : { ids };
      zones.push({ timeZone, targets: list, ids, scope, from, to, availability: new Availability(timeZone, from, to, versions, withheld) });
    }
    return zones;
  }

  async utilisation(q: UtilisationQuery): Promise<UtilisationRow[]> {
    checkPeriod(q);
    if (!GRANULARITIES.includes(q.granularity)) throw new ValidationError([{ field: 'granularity', message: `must be one of ${GRANULARITIES.join(', ')}` }]);
    const targets = await this.targets({ targetKind: q.targetKind, siteId: q.siteId, targetIds: q.targetIds, includeRetired: q.includeRetired });
    const whole = q.targetIds === undefined && (q.includeRetired ?? true);
    const zones = new Map<string, { buckets: (Bucket & { startIso: string; endIso: string })[]; usage: Map<string, UsageSums>; availability: Availability; shared: Map<string, number[]> }>();
    for (const zone of await this.perZone(targets, q, whole)) {
      const buckets = periodBuckets(q.granularity, zone.from, zone.to, zone.timeZone).map((b) => ({ ...b, startIso: new Date(b.startAt).toISOString(), endIso: new Date(b.endAt).toISOString() }));
      const usage = new Map<string, UsageSums>();
      for (const u of await selectUsage(this.db, this.schema, zone.scope, zone.from, zone.to, q.granularity)) usage.set(`${u.targetId}\u0000${u.bucket}`, u);
      zones.set(zone.timeZone, { buckets, usage, availability: zone.availability, shared: new Map() });
    }
    const rows: UtilisationRow[] = [];
    for (const t of [...targets].sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0))) {
      const { buckets, usage, availability, shared } = zones.get(t.timeZone)!;
      const { template, own, segments } = availability.of(t.targetId);
      let available = own ? undefined : shared.get(template);
      if (!available) {
        available = distributeOverBuckets(segments, buckets);
        if (!own) shared.set(template, available);
      }
      for (let i = 0; i < buckets.length; i++) {
        const b = buckets[i]!;
        const u = usage.get(`${t.targetId}\u0000${b.key}`);
        const bookedMinutes = (u?.bookedSeconds ?? 0) / 60;
        const checkedInMinutes = (u?.checkedInSeconds ?? 0) / 60;
        const availableMinutes = available[i]! / MINUTE;
        rows.push({
          targetId: t.targetId, targetKind: t.targetKind, siteId: t.siteId, timeZone: t.timeZone, bucketStart: b.label, bucketStartAt: b.startIso, bucketEndAt: b.endIso,
          bookedMinutes, checkedInMinutes, availableMinutes,
          utilisation: ratio(bookedMinutes, availableMinutes), usedUtilisation: ratio(checkedInMinutes, availableMinutes),
        });
      }
    }
    return rows;
  }

  async rates(q: RatesQuery): Promise<RatesRow[]> {
    checkPeriod(q);
    const groupBy = q.groupBy ?? 'space';
    const sums = await selectRates(this.db, this.schema, { spaceIds: q.spaceIds, siteId: q.siteId, bookerId: q.bookerId, from: sqlBound(q.from), to: sqlBound(q.to) }, groupBy);
    return sums.map((s) => ({
      groupBy, key: s.key, bookings: s.bookings, cancelled: s.cancelled, lateCancelled: s.lateCancelled, noShows: s.noShows, checkedIn: s.checkedIn,
      cancellationRate: ratio(s.cancelled, s.bookings), lateCancellationRate: ratio(s.lateCancelled, s.bookings),
      noShowRate: ratio(s.noShows, s.bookings - s.cancelled),
      leadTimeMinutes: s.leadMedian === null || s.leadMean === null ? null : { median: s.leadMedian, mean: s.leadMean },
      bookedMinutes: s.bookedMinutes,
    }));
  }

  async occupancyByWeekdayHour(q: WeekdayHourQuery): Promise<WeekdayHourCell[]> {
    checkPeriod(q);
    const targets = await this.targets({ targetKind: 'space', siteId: q.siteId, targetIds: q.spaceIds });
    const blocks = new Map<string | null, { booked: number[]; checkedIn: number[]; available: number[]; open: number[]; busy: number[] }>();
    const block = (spaceId: string | null) => {
      let b = blocks.get(spaceId);
      if (!b) blocks.set(spaceId, (b = { booked: zeros(), checkedIn: zeros(), available: zeros(), open: zeros(), busy: zeros() }));
      return b;
    };
    if (!q.perSpace) block(null);
    for (const zone of await this.perZone(targets, q, q.spaceIds === undefined)) {
      const shared = new Map<string, ReturnType<typeof availabilityByWeekdayHour>>();
      for (const t of zone.targets) {
        const { template, own, segments } = zone.availability.of(t.targetId);
        let cells = own ? undefined : shared.get(template);
        if (!cells) {
          cells = availabilityByWeekdayHour(segments, zone.timeZone);
          if (!own) shared.set(template, cells);
        }
        const b = block(q.perSpace ? t.targetId : null);
        for (let i = 0; i < 168; i++) {
          b.available[i]! += cells.unitMs[i]! / MINUTE;
          b.open[i]! += cells.openHours[i]!;
        }
      }
      for (const u of await selectUsage(this.db, this.schema, zone.scope, zone.from, zone.to, 'weekday_hour', q.perSpace ?? false)) {
        const [weekday, hour] = u.bucket.split('-').map(Number) as [number, number];
        const i = (weekday - 1) * 24 + hour;
        const b = block(q.perSpace ? u.targetId : null);
        b.booked[i]! += u.bookedSeconds / 60;
        b.checkedIn[i]! += u.checkedInSeconds / 60;
        b.busy[i]! += u.busyHours;
      }
    }
    const order = q.perSpace ? [...blocks.keys()].sort() : [null];
    const out: WeekdayHourCell[] = [];
    for (const spaceId of order) {
      const b = blocks.get(spaceId)!;
      for (let i = 0; i < 168; i++) {
        out.push({
          spaceId, isoWeekday: Math.floor(i / 24) + 1, hour: i % 24, bookedMinutes: b.booked[i]!, checkedInMinutes: b.checkedIn[i]!,
          availableMinutes: b.available[i]!, share: ratio(b.booked[i]!, b.available[i]!), openOccurrences: b.open[i]!, busyOccurrences: b.busy[i]!,
        });
      }
    }
    return out;
  }

  async unmetDemand(q: UnmetDemandQuery): Promise<CursorPage<UnmetDemandRow>> {
    checkPeriod(q);
    const limit = limitOf(q.limit);
    const items = await selectUnmetDemand(
      this.db, this.schema,
      { spaceIds: q.spaceIds, siteId: q.siteId, kinds: q.kinds, reasons: q.reasons, from: sqlBound(q.from), to: sqlBound(q.to) },
      decodeCursor(q.cursor), limit,
    );
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === limit && last ? encodeCursor({ at: last.wishedStart, id: last.eventId }) : null };
  }

  async bookingFacts(q: BookingFactsQuery): Promise<CursorPage<BookingFact>> {
    checkPeriod(q);
    const limit = limitOf(q.limit);
    const items = await selectBookingFacts(
      this.db, this.schema,
      { spaceIds: q.spaceIds, siteId: q.siteId, bookerId: q.bookerId, statuses: q.statuses, from: sqlBound(q.from), to: sqlBound(q.to) },
      decodeCursor(q.cursor), limit,
    );
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === limit && last ? encodeCursor({ at: last.start, id: last.bookingId }) : null };
  }
}

function zeros(): number[] {
  return new Array<number>(168).fill(0);
}
