import type { BookingStatus } from '../../booking/domain/booking.events.js';
import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { requirePermission, sitesWith } from '../../shared/application/authorize.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import {
  ERASED,
  NO_USAGE,
  addUsage,
  percent,
  personUsage,
  usageOfLines,
  usageSummary,
  type BookingLine,
  type PersonRef,
  type PersonReport,
  type ReportPeriod,
  type SiteReport,
  type SpaceReport,
  type SpaceUsage,
  type UsageCounts,
} from '../domain/report.js';
import type { Heatmap, HeatmapCell } from '../domain/report-heatmap.js';
import type { AnalyticsQueries, AnalyticsTarget, BookingFact, BookingFactsQuery, RatesRow, UtilisationRow, WeekdayHourCell } from './analytics-queries.js';

export interface ReportsDeps {
  analytics: AnalyticsQueries;
  /** A site's name and zone; null when there is no such site. */
  site(siteId: string): Promise<{ name: string; timeZone: string } | null>;
  /** The display name on a person's account; null when no account has the id (erased). */
  displayName(userId: string): Promise<string | null>;
}

/** Who asks, and when: permissions decide what a report covers and whether it names people. */
export type ReportCaller = Pick<CommandContext, 'permissions' | 'sitePermissions' | 'now'>;

/** Bookings that got a slot, as the port's rates count them: rejected and unplaced requests are unmet demand, not bookings. */
const SLOT_STATUSES: BookingStatus[] = ['pending_approval', 'confirmed', 'cancelled', 'checked_in', 'completed', 'no_show'];
/** Booking facts per page when a report reads every booking of its period. */
const FACTS_PAGE = 10_000;
/** Name look-ups in flight at once. */
const NAME_LOOKUPS = 8;

/**
 * The space, site and person reports and the occupancy heatmaps (permission analytics.read,
 * everywhere or on the sites concerned). Every figure comes from the analytics query port.
 */
export class Reports {
  constructor(private readonly deps: ReportsDeps) {}

  async spaceReport(spaceId: string, period: ReportPeriod, caller: ReportCaller): Promise<SpaceReport> {
    const space = await this.space(spaceId, caller);
    const [utilisation, rates, facts] = await Promise.all([
      this.deps.analytics.utilisation({ ...period, targetKind: 'space', targetIds: [spaceId], granularity: 'total' }),
      this.deps.analytics.rates({ ...period, spaceIds: [spaceId], groupBy: 'space' }),
      this.allFacts({ ...period, spaceIds: [spaceId] }),
    ]);
    return {
      report: 'space',
      period,
      generatedAt: caller.now.toISOString(),
      space: { ...spaceUsage(space, countsOf(utilisation[0], rates[0])), timeZone: space.timeZone },
      bookings: await this.lines(facts, new Map([[space.targetId, space]]), caller),
    };
  }

  async siteReport(siteId: string, period: ReportPeriod, caller: ReportCaller): Promise<SiteReport> {
    const site = await this.site(siteId, caller);
    const [spaces, utilisation, rates] = await Promise.all([
      this.deps.analytics.targets({ targetKind: 'space', siteId }),
      this.deps.analytics.utilisation({ ...period, targetKind: 'space', siteId, granularity: 'total' }),
      this.deps.analytics.rates({ ...period, siteId, groupBy: 'space' }),
    ]);
    const utilisationOf = new Map(utilisation.map((u) => [u.targetId, u]));
    const ratesOf = new Map(rates.map((r) => [r.key, r]));
    let total = NO_USAGE;
    const rows = spaces.map((s) => {
      const counts = countsOf(utilisationOf.get(s.targetId), ratesOf.get(s.targetId));
      total = addUsage(total, counts);
      return spaceUsage(s, counts);
    });
    return { report: 'site', period, generatedAt: caller.now.toISOString(), site: { siteId, ...site }, spaces: rows, total: usageSummary(total) };
  }

  /**
   * A caller holding analytics.read on some sites only sees the person's bookings on those
   * sites. A person with neither an account nor a booking in view is not found.
   */
  async personReport(userId: string, period: ReportPeriod, caller: ReportCaller): Promise<PersonReport> {
    const sites = sitesWith(caller, P.analyticsRead);
    const [name, facts] = await Promise.all([this.deps.displayName(userId), this.allFacts({ ...period, bookerId: userId })]);
    const visible = sites === null ? facts : facts.filter((f) => sites.includes(f.siteId));
    if (name === null && visible.length === 0) throw new NotFoundError('person', userId);
    const spaceIds = [...new Set(visible.map((f) => f.spaceId))];
    const targets = spaceIds.length === 0 ? [] : await this.deps.analytics.targets({ targetKind: 'space', targetIds: spaceIds });
    const lines = await this.lines(visible, new Map(targets.map((t) => [t.targetId, t])), caller, new Map([[userId, name]]));
    const bySpace = new Map<string, BookingLine[]>();
    for (const line of lines) {
      const group = bySpace.get(line.spaceId);
      if (group) group.push(line);
      else bySpace.set(line.spaceId, [line]);
    }
    const spaces = [...bySpace.values()]
      .map((ls) => ({ spaceId: ls[0]!.spaceId, spaceName: ls[0]!.spaceName, siteId: ls[0]!.siteId, usage: personUsage(usageOfLines(ls)) }))
      .sort((a, b) => a.spaceName.localeCompare(b.spaceName) || a.spaceId.localeCompare(b.spaceId));
    return {
      report: 'person',
      period,
      generatedAt: caller.now.toISOString(),
      person: personRef(userId, name, seesNames(caller)),
      sites,
      bookings: lines,
      spaces,
      total: personUsage(usageOfLines(lines)),
    };
  }

  async spaceHeatmap(spaceId: string, period: ReportPeriod, caller: ReportCaller): Promise<Heatmap> {
    const space = await this.space(spaceId, caller);
    const cells = await this.deps.analytics.occupancyByWeekdayHour({ ...period, spaceIds: [spaceId] });
    return {
      scope: 'space',
      subject: { id: spaceId, name: space.name, siteId: space.siteId, timeZone: space.timeZone, spaces: 1 },
      period,
      generatedAt: caller.now.toISOString(),
      cells: cells.map(heatmapCell),
    };
  }

  async siteHeatmap(siteId: string, period: ReportPeriod, caller: ReportCaller): Promise<Heatmap> {
    const site = await this.site(siteId, caller);
    const [spaces, cells] = await Promise.all([
      this.deps.analytics.targetCount({ targetKind: 'space', siteId }),
      this.deps.analytics.occupancyByWeekdayHour({ ...period, siteId }),
    ]);
    return {
      scope: 'site',
      subject: { id: siteId, name: site.name, siteId, timeZone: site.timeZone, spaces },
      period,
      generatedAt: caller.now.toISOString(),
      cells: cells.map(heatmapCell),
    };
  }

  private async space(spaceId: string, caller: ReportCaller): Promise<AnalyticsTarget> {
    const [space] = await this.deps.analytics.targets({ targetKind: 'space', targetIds: [spaceId] });
    if (!space) throw new NotFoundError('space', spaceId);
    requirePermission(caller, P.analyticsRead, space.siteId);
    return space;
  }

  private async site(siteId: string, caller: ReportCaller): Promise<{ name: string; timeZone: string }> {
    const site = await this.deps.site(siteId);
    if (!site) throw new NotFoundError('site', siteId);
    requirePermission(caller, P.analyticsRead, siteId);
    return { name: site.name, timeZone: site.timeZone };
  }

  /** Every booking of the period that got a slot, by start. */
  private async allFacts(query: Omit<BookingFactsQuery, 'limit' | 'cursor' | 'statuses'>): Promise<BookingFact[]> {
    const facts: BookingFact[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.deps.analytics.bookingFacts({ ...query, statuses: SLOT_STATUSES, limit: FACTS_PAGE, cursor });
      facts.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return facts;
  }

  private async lines(facts: readonly BookingFact[], spaces: ReadonlyMap<string, AnalyticsTarget>, caller: ReportCaller, known = new Map<string, string | null>()): Promise<BookingLine[]> {
    const names = await this.displayNames([...new Set(facts.map((f) => f.bookerId))], known);
    const shown = seesNames(caller);
    return facts.map((f) => ({
      bookingId: f.bookingId,
      spaceId: f.spaceId,
      spaceName: spaces.get(f.spaceId)?.name ?? f.spaceId,
      siteId: f.siteId,
      booker: personRef(f.bookerId, names.get(f.bookerId) ?? null, shown),
      start: f.start,
      end: f.end,
      localStart: f.localStart,
      timeZone: f.timeZone,
      status: f.status,
      checkedIn: f.checkedInAt !== null,
      checkedInAt: f.checkedInAt,
      cancelledAt: f.cancelledAt,
      lateCancellation: f.lateCancellation,
      durationMinutes: f.durationMinutes,
      checkedInMinutes: f.checkedInMinutes,
    }));
  }

  /** Looks each person up once, a few at a time; `known` answers are reused. */
  private async displayNames(userIds: readonly string[], known: Map<string, string | null>): Promise<Map<string, string | null>> {
    const queue = userIds.filter((id) => !known.has(id));
    const worker = async () => {
      for (let id = queue.pop(); id !== undefined; id = queue.pop()) known.set(id, await this.deps.displayName(id));
    };
    await Promise.all(Array.from({ length: Math.min(NAME_LOOKUPS, queue.length) }, worker));
    return known;
  }
}

/** Names only for callers who may read people's accounts everywhere; erased accounts say so to anyone. */
function seesNames(caller: ReportCaller): boolean {
  return caller.permissions.has(P.usersRead);
}

function personRef(userId: string, name: string | null, shown: boolean): PersonRef {
  return { userId, name: name === null ? ERASED : shown ? name : null };
}

function countsOf(u: UtilisationRow | undefined, r: RatesRow | undefined): UsageCounts {
  return {
    bookings: r?.bookings ?? 0,
    cancelled: r?.cancelled ?? 0,
    noShows: r?.noShows ?? 0,
    checkedIn: r?.checkedIn ?? 0,
    bookedMinutes: u?.bookedMinutes ?? 0,
    checkedInMinutes: u?.checkedInMinutes ?? 0,
    availableMinutes: u?.availableMinutes ?? 0,
  };
}

function spaceUsage(t: AnalyticsTarget, counts: UsageCounts): SpaceUsage {
  return { spaceId: t.targetId, spaceName: t.name, siteId: t.siteId, kind: t.kind, retired: t.retired, usage: usageSummary(counts) };
}

function heatmapCell(c: WeekdayHourCell): HeatmapCell {
  return {
    isoWeekday: c.isoWeekday,
    hour: c.hour,
    sharePercent: percent(c.bookedMinutes, c.availableMinutes),
    bookedMinutes: c.bookedMinutes,
    checkedInMinutes: c.checkedInMinutes,
    availableMinutes: c.availableMinutes,
    openOccurrences: c.openOccurrences,
    busyOccurrences: c.busyOccurrences,
  };
}
