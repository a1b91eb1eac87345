import type { BookingPolicy } from '../../catalog/domain/catalog.types.js';
import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { sitesWith } from '../../shared/application/authorize.js';
import { ForbiddenError, ValidationError } from '../../shared/domain/errors.js';
import { DAY, fromIso, toIso, type TimeRange } from '../../shared/domain/time-range.js';
import { localDate, nextDate, zonedToInstant } from '../../shared/domain/time-zone.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { gridOf, sumGrids, totalAvailable, type WeekdayHourGrid } from '../domain/forecast-grid.js';
import { addDays, mondayOf } from '../domain/forecast-open-days.js';
import { occupancyInsights, type DayPart } from '../domain/recommend-insights.js';
import { clockTime, insightText, slotReason } from '../domain/recommend-reasons.js';
import { resourceLoad, type ResourceLoad } from '../domain/recommend-resource-load.js';
import { recommendSlots, type CandidateSpace, type RankedSlot, type SlotWish } from '../domain/recommend-slots.js';
import type { AnalyticsQueries } from './analytics-queries.js';

/** A space as the catalog read side lists it. */
export interface BookableSpace {
  spaceId: string;
  name: string;
  siteId: string;
  timeZone: string;
  capacity: number;
  amenities: string[];
  policy: BookingPolicy;
  createdAt: string;
}

/** The catalog read side and the availability search, as recommendations use them. */
export interface RecommendationCatalog {
  /** Spaces not retired with at least `minCapacity` places and every amenity, on the site or in the city if given; by name, a page at a time. */
  findSpaces(filter: { siteId?: string; city?: string; minCapacity: number; amenities: string[]; limit: number; offset: number }): Promise<{ items: BookableSpace[]; total: number }>;
  /** Busy and free intervals of a space within [from, to) (ISO instants): the availability search. */
  availability(spaceId: string, from: string, to: string): Promise<{ busy: { start: string; end: string }[]; free: { start: string; end: string }[] }>;
  resource(resourceId: string): Promise<{ siteId: string; quantity: number; retired: boolean } | null>;
  /** Units of the resource held by reservations overlapping [from, to). */
  resourceHolds(resourceId: string, from: string, to: string): Promise<{ start: string; end: string; quantity: number }[]>;
}

export interface RecommendationsDeps {
  analytics: AnalyticsQueries;
  catalog: RecommendationCatalog;
}

export interface RecommendationRequest {
  durationMinutes: number;
  participants: number;
  amenities: string[];
  resources: { resourceId: string; quantity: number }[];
  siteId?: string;
  city?: string;
  /** Local dates (each space's site zone), both included; default: today and the 13 days after. */
  earliestDay?: string;
  latestDay?: string;
  /** Local `HH:MM`: slots start at or after `from` and end by `to`. */
  preferredHours?: { from: string; to: string };
  limit: number;
  /** Language of the reasons (pt, ru, else English). */
  locale?: string;
}

export interface Recommendation {
  spaceId: string;
  spaceName: string;
  siteId: string;
  timeZone: string;
  start: string;
  end: string;
  /** `yyyy-mm-ddTHH:mm` on the site's wall clock. */
  localStart: string;
  localEnd: string;
  /** 0..1: how likely the slot is to stay uncontested (1 − contention). */
  score: number;
  /** Historical share booked of the slot's hours and, at half weight, the hour either side; null without history. */
  contention: number | null;
  /** Historical share booked of the slot's own hours; null without history. */
  historicalShare: number | null;
  historyWeeks: number;
  reason: string;
  approvalRequired: boolean;
  /** The body of POST /api/v1/bookings that books this slot (add a purpose). */
  booking: { spaceId: string; start: string; end: string; participants: number; resources: { resourceId: string; quantity: number }[] };
}

export interface RecommendationInsight {
  kind: 'busy' | 'quiet';
  isoWeekday: number;
  part: DayPart;
  share: number;
  text: string;
}

export interface RecommendationResult {
  generatedAt: string;
  /** Weeks of history the ranking learned from. */
  historyWeeks: number;
  /** Spaces matching the wish, how many were searched (the smallest that fit, up to a cap), and whether some were left out. */
  spaces: { matching: number; searched: number; truncated: boolean };
  recommendations: Recommendation[];
  /** The busiest and quietest parts of the week over the spaces searched. */
  insights: RecommendationInsight[];
}

/** Bounded work: spaces listed at most, and spaces searched for free slots (one availability look-up each). */
export const MAX_LISTED_SPACES = 1000;
export const MAX_SEARCHED_SPACES = 40;
const PAGE = 200;
/** Weeks of history the ranking learns from. */
export const HISTORY_WEEKS = 12;
/** How long a space's history grid is reused (within its week), and how many are kept. */
const HISTORY_CACHE_MS = 3_600_000;
const MAX_CACHED_GRIDS = 50_000;
const DEFAULT_DAYS = 14;
const WEEK = 7 * DAY;

export type RecommendationCaller = Pick<CommandContext, 'permissions' | 'sitePermissions' | 'now'>;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

function recommendationOf(slot: RankedSlot, space: BookableSpace, request: RecommendationRequest): Recommendation {
  const endDate = slot.local.endMinute >= 1440 ? nextDate(slot.local.date) : slot.local.date;
  const start = toIso(slot.start);
  const end = toIso(slot.end);
  return {
    spaceId: space.spaceId,
    spaceName: space.name,
    siteId: space.siteId,
    timeZone: space.timeZone,
    start,
    end,
    localStart: `${slot.local.date}T${clockTime(slot.local.startMinute)}`,
    localEnd: `${endDate}T${clockTime(slot.local.endMinute)}`,
    score: round(slot.score, 4),
    contention: slot.contention === null ? null : round(slot.contention, 4),
    historicalShare: slot.slotShare === null ? null : round(slot.slotShare, 4),
    historyWeeks: slot.historyWeeks,
    reason: slotReason(slot, request.locale),
    approvalRequired: space.policy.approvalRequired,
    booking: { spaceId: space.spaceId, start, end, participants: request.participants, resources: request.resources },
  };
}

/**
 * "When should I book?": the best free slots for a wish in the coming days, among spaces that
 * fit it, ranked by how uncontested their weekday and hours have been over the last weeks.
 * Free time comes from the availability search; history from the analytics query port.
 */
export class Recommendations {
  private readonly historyCache = new Map<string, { grid: WeekdayHourGrid; until: number }>();

  constructor(private readonly deps: RecommendationsDeps) {}

  async recommend(request: RecommendationRequest, caller: RecommendationCaller): Promise<RecommendationResult> {
    const now = caller.now.getTime();
    const resources = await this.resourcesOf(request);
    const siteId = this.siteOf(request, resources, caller);
    const { matching, listed } = await this.listSpaces(request, siteId, caller);
    const wish: SlotWish = {
      durationMinutes: request.durationMinutes,
      participants: request.participants,
      amenities: request.amenities,
      resources: request.resources,
      preferredHours: request.preferredHours ? { from: minutesOf(request.preferredHours.from), to: minutesOf(request.preferredHours.to) } : null,
    };
    const { policyFits, searched } = this.pickSpaces(listed, wish);
    // History ends where this week began: Monday of today's UTC date, local midnight in each site's zone.
    const historyTo = mondayOf(new Date(now).toISOString().slice(0, 10));
    const windows = new Map(searched.map((s) => [s.spaceId, this.windowOf(s, request, now)]));
    const spread = [...windows.values()].filter((w) => w.start < w.end);
    const span = spread.length > 0 ? { start: Math.min(...spread.map((w) => w.start)), end: Math.max(...spread.map((w) => w.end)) } : null;

    const [history, loads, availability] = await Promise.all([
      this.history(searched, historyTo, now),
      span ? this.loads(resources, span) : new Map<string, ResourceLoad>(),
      Promise.all(searched.map(async (s) => {
        const w = windows.get(s.spaceId)!;
        return w.start < w.end ? this.deps.catalog.availability(s.spaceId, toIso(w.start), toIso(w.end)) : { busy: [], free: [] };
      })),
    ]);

    // Weeks a space has existed for, up to the history's end (zones are hours apart at most).
    const historyEnd = Date.parse(`${historyTo}T00:00:00Z`);
    const candidates: CandidateSpace[] = searched.map((s, i) => {
      const ranges = (list: { start: string; end: string }[]): TimeRange[] => list.map((r) => ({ start: fromIso(r.start), end: fromIso(r.end) }));
      const grid = history.get(s.spaceId);
      const weeks = Math.min(HISTORY_WEEKS, Math.max(1, Math.round((historyEnd - fromIso(s.createdAt)) / WEEK)));
      return {
        ...s,
        window: windows.get(s.spaceId)!,
        free: ranges(availability[i]!.free),
        busy: ranges(availability[i]!.busy),
        resources: request.resources.flatMap((r) => (resources.get(r.resourceId)?.siteId === s.siteId ? [loads.get(r.resourceId)!] : [])),
        history: grid && totalAvailable(grid) > 0 ? { grid, weeks } : null,
      };
    });
    const slots = recommendSlots({ wish, spaces: candidates, now, limit: request.limit });
    const byId = new Map(searched.map((s) => [s.spaceId, s]));
    const grids = [...history.values()];
    return {
      generatedAt: caller.now.toISOString(),
      historyWeeks: HISTORY_WEEKS,
      spaces: { matching, searched: searched.length, truncated: searched.length < policyFits },
      recommendations: slots.map((slot) => recommendationOf(slot, byId.get(slot.spaceId)!, request)),
      insights: grids.length > 0 ? occupancyInsights(sumGrids(grids)).map((i) => ({ ...i, share: round(i.share, 4), text: insightText(i, request.locale) })) : [],
    };
  }

  /** The wished resources; they must exist, be in service and share one site. */
  private async resourcesOf(request: RecommendationRequest): Promise<Map<string, { siteId: string; quantity: number }>> {
    const found = await Promise.all(request.resources.map((r) => this.deps.catalog.resource(r.resourceId)));
    const issues = request.resources.flatMap((r, i) => {
      const resource = found[i];
      if (!resource) return [{ field: `resources.${i}.resourceId`, message: `resource ${r.resourceId} does not exist` }];
      if (resource.retired) return [{ field: `resources.${i}.resourceId`, message: `resource ${r.resourceId} is retired` }];
      if (r.quantity > resource.quantity) return [{ field: `resources.${i}.quantity`, message: `quantity (${r.quantity}) exceeds the stock of resource ${r.resourceId} (${resource.quantity})` }];
      return [];
    });
    if (issues.length > 0) throw new ValidationError(issues);
    const sites = new Set(found.map((r) => r!.siteId));
    if (sites.size > 1) throw new ValidationError([{ field: 'resources', message: 'pooled resources belong to one site each: wish only for resources of the same site' }]);
    return new Map(request.resources.map((r, i) => [r.resourceId, found[i]!]));
  }

  /** The one site the search is confined to (asked for, or where the wished resources are), if any. */
  private siteOf(request: RecommendationRequest, resources: Map<string, { siteId: string }>, caller: RecommendationCaller): string | undefined {
    const resourceSite = [...resources.values()][0]?.siteId;
    if (request.siteId && resourceSite && request.siteId !== resourceSite) {
      throw new ValidationError([{ field: 'resources', message: `the wished resources belong to site ${resourceSite}, not ${request.siteId}` }]);
    }
    const siteId = request.siteId ?? resourceSite;
    const allowed = sitesWith(caller, P.bookingCreate);
    if (siteId && allowed !== null && !allowed.includes(siteId)) throw new ForbiddenError(P.bookingCreate, `missing permission ${P.bookingCreate} on site ${siteId}`);
    return siteId;
  }

  /** Spaces matching the wish on the sites the caller may book, up to MAX_LISTED_SPACES. */
  private async listSpaces(request: RecommendationRequest, siteId: string | undefined, caller: RecommendationCaller): Promise<{ matching: number; listed: BookableSpace[] }> {
    const allowed = sitesWith(caller, P.bookingCreate);
    const sites: (string | undefined)[] = siteId !== undefined ? [siteId] : allowed === null ? [undefined] : allowed;
    let matching = 0;
    const listed: BookableSpace[] = [];
    for (const site of sites) {
      for (let offset = 0; listed.length < MAX_LISTED_SPACES; offset += PAGE) {
        const page = await this.deps.catalog.findSpaces({
          siteId: site,
          city: request.city,
          minCapacity: request.participants,
          amenities: request.amenities,
          limit: Math.min(PAGE, MAX_LISTED_SPACES - listed.length),
          offset,
        });
        if (offset === 0) matching += page.total;
        listed.push(...page.items);
        if (offset + page.items.length >= page.total || page.items.length === 0) break;
      }
    }
    return { matching, listed };
  }

  /** The spaces whose policy allows the wished duration, smallest first (big rooms stay for big groups), capped. */
  private pickSpaces(listed: BookableSpace[], wish: SlotWish): { policyFits: number; searched: BookableSpace[] } {
    const fitting = listed.filter(({ policy }) => wish.durationMinutes >= policy.minDurationMinutes && wish.durationMinutes <= policy.maxDurationMinutes && wish.durationMinutes % policy.slotMinutes === 0);
    fitting.sort((a, b) => a.capacity - b.capacity || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.spaceId < b.spaceId ? -1 : 1));
    return { policyFits: fitting.length, searched: fitting.slice(0, MAX_SEARCHED_SPACES) };
  }

  /** The local days searched in the space's zone, from now on. */
  private windowOf(space: BookableSpace, request: RecommendationRequest, now: number): TimeRange {
    const first = request.earliestDay ?? localDate(now, space.timeZone);
    const last = request.latestDay ?? addDays(first, DEFAULT_DAYS - 1);
    return { start: Math.max(now, zonedToInstant(first, 0, space.timeZone)), end: zonedToInstant(nextDate(last), 0, space.timeZone) };
  }

  /**
   * Each space's occupancy by weekday × hour over the HISTORY_WEEKS complete local weeks before
   * this one. Complete weeks hardly change, so a space's grid is kept for the week (at most
   * HISTORY_CACHE_MS): most requests then read the history of none or few spaces.
   */
  private async history(spaces: BookableSpace[], to: string, now: number): Promise<Map<string, WeekdayHourGrid>> {
    const key = (spaceId: string) => `${spaceId}|${to}`;
    const out = new Map<string, WeekdayHourGrid>();
    const missing: string[] = [];
    for (const s of spaces) {
      const cached = this.historyCache.get(key(s.spaceId));
      if (cached && cached.until > now) out.set(s.spaceId, cached.grid);
      else missing.push(s.spaceId);
    }
    if (missing.length === 0) return out;
    const cells = await this.deps.analytics.occupancyByWeekdayHour({ from: addDays(to, -7 * HISTORY_WEEKS), to, spaceIds: missing, perSpace: true });
    const bySpace = new Map<string, typeof cells>(missing.map((id) => [id, []]));
    for (const c of cells) if (c.spaceId !== null) bySpace.get(c.spaceId)?.push(c);
    if (this.historyCache.size + missing.length > MAX_CACHED_GRIDS) this.historyCache.clear();
    for (const [spaceId, list] of bySpace) {
      const grid = gridOf(list);
      out.set(spaceId, grid);
      this.historyCache.set(key(spaceId), { grid, until: now + HISTORY_CACHE_MS });
    }
    return out;
  }

  private async loads(resources: Map<string, { quantity: number }>, span: TimeRange): Promise<Map<string, ResourceLoad>> {
    const entries = await Promise.all(
      [...resources].map(async ([id, r]) => [id, resourceLoad(id, r.quantity, (await this.deps.catalog.resourceHolds(id, toIso(span.start), toIso(span.end))).map((h) => ({ start: fromIso(h.start), end: fromIso(h.end), quantity: h.quantity })))] as const),
    );
    return new Map(entries);
  }
}
