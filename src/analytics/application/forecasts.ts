import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { requirePermission } from '../../shared/application/authorize.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { localDate } from '../../shared/domain/time-zone.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { cellOf, gridOf, HOURS_PER_DAY, sumGrids, type WeekdayHourGrid } from '../domain/forecast-grid.js';
import { addDays, mondayOf, openDays } from '../domain/forecast-open-days.js';
import {
  assessConfidence,
  backtestSeasonal,
  forecastDays,
  SEASONAL_MODEL,
  seasonalShares,
  type Backtest,
  type DayForecast,
  type ForecastConfidence,
  type FutureDay,
} from '../domain/forecast-occupancy.js';
import type { AnalyticsQueries, AnalyticsTarget } from './analytics-queries.js';

export interface ForecastsDeps {
  analytics: AnalyticsQueries;
  /** A site's name and zone; null when there is no such site. */
  site(siteId: string): Promise<{ name: string; timeZone: string } | null>;
}

export type ForecastCaller = Pick<CommandContext, 'permissions' | 'sitePermissions' | 'now'>;

/** Past weeks each forecast is tested on (forecast from the weeks before each, then compared). */
export const BACKTEST_WEEKS = 4;
export const MAX_FORECAST_WEEKS = 12;
/** A site forecast details each space up to this many; beyond, only the site as a whole. */
export const MAX_SPACES_DETAILED = 50;

/** Everything a forecast reports; shares 0..1, errors in percentage points and as WAPE. */
export interface OccupancyForecast {
  generatedAt: string;
  /** Local dates [from, to) forecast, in the site's zone. */
  horizon: { from: string; to: string; weeks: number };
  model: {
    method: 'seasonal-ewma';
    alpha: number;
    lookbackWeeks: number;
    backtestWeeks: number;
    /** Complete local weeks of history read, [from, to). */
    history: { from: string; to: string };
  };
  confidence: ForecastConfidence;
  days: DayForecast[];
  /** Predicted share per weekday × hour (168 cells, Monday 00:00 first); null where it was never open. */
  profile: { isoWeekday: number; hour: number; predictedShare: number | null }[];
  backtest: Backtest;
}

export interface SpaceForecast extends OccupancyForecast {
  space: { spaceId: string; name: string; siteId: string; timeZone: string };
}

export interface SiteForecast extends OccupancyForecast {
  site: { siteId: string; name: string; timeZone: string; spaces: number };
  /** Each space's days and error; null when the site has more than MAX_SPACES_DETAILED spaces. */
  spaces: { spaceId: string; name: string; confidence: ForecastConfidence; days: DayForecast[]; backtest: Omit<Backtest, 'weeks'> }[] | null;
}

type WeeklyHistory = { weekStart: string; grid: WeekdayHourGrid }[];

const round = (n: number | null, places: number) => (n === null ? null : Math.round(n * 10 ** places) / 10 ** places);
const roundDay = (d: DayForecast): DayForecast => ({ ...d, openMinutes: round(d.openMinutes, 1)!, predictedBookedMinutes: round(d.predictedBookedMinutes, 1), predictedShare: round(d.predictedShare, 4) });
const roundBacktest = <T extends Omit<Backtest, 'weeks'>>(b: T): T => ({ ...b, maePp: round(b.maePp, 2), dailyMaePp: round(b.dailyMaePp, 2), wape: round(b.wape, 4) });

/** Sum of the open minutes per hour of several spaces' days (the same dates in each). */
function sumDays(perSpace: FutureDay[][]): FutureDay[] {
  return (perSpace[0] ?? []).map((day, i) => {
    const openMinutes = new Array<number>(HOURS_PER_DAY).fill(0);
    for (const days of perSpace) days[i]!.openMinutes.forEach((m, h) => (openMinutes[h]! += m));
    return { ...day, openMinutes };
  });
}

function forecastFrom(history: WeeklyHistory, days: FutureDay[]) {
  const grids = history.map((w) => w.grid);
  const shares = seasonalShares(grids, SEASONAL_MODEL);
  const backtest = backtestSeasonal(history, SEASONAL_MODEL, BACKTEST_WEEKS);
  return { shares, backtest, confidence: assessConfidence(grids, backtest, SEASONAL_MODEL), days: forecastDays(shares, days).map(roundDay) };
}

/**
 * Predicted occupancy per space (or site) and day for the coming weeks, seasonal by weekday and
 * hour, with the error the same model made on the last weeks reported beside it. Read from the
 * analytics query port only.
 */
export class Forecasts {
  constructor(private readonly deps: ForecastsDeps) {}

  async forSpace(spaceId: string, weeks: number, caller: ForecastCaller): Promise<SpaceForecast> {
    const [space] = await this.deps.analytics.targets({ targetKind: 'space', targetIds: [spaceId] });
    if (!space) throw new NotFoundError('space', spaceId);
    requirePermission(caller, P.analyticsRead, space.siteId);
    const frame = this.frame(caller, space.timeZone, weeks);
    const history = (await this.weekly(frame.weekStarts, [spaceId], false)).get(null)!;
    return {
      ...this.body(caller, frame, history, openDays(space.openingHours, space.timeZone, frame.today, weeks * 7)),
      space: { spaceId, name: space.name, siteId: space.siteId, timeZone: space.timeZone },
    };
  }

  async forSite(siteId: string, weeks: number, caller: ForecastCaller): Promise<SiteForecast> {
    requirePermission(caller, P.analyticsRead, siteId);
    const site = await this.deps.site(siteId);
    if (!site) throw new NotFoundError('site', siteId);
    const spaces = await this.deps.analytics.targets({ targetKind: 'space', siteId, includeRetired: false });
    const frame = this.frame(caller, site.timeZone, weeks);
    const detailed = spaces.length <= MAX_SPACES_DETAILED;
    const ids = spaces.map((s) => s.targetId);
    const histories = ids.length > 0 ? await this.weekly(frame.weekStarts, ids, detailed) : new Map<string | null, WeeklyHistory>();
    const daysOf = (s: AnalyticsTarget) => openDays(s.openingHours, s.timeZone, frame.today, weeks * 7);
    const spaceDays = spaces.map(daysOf);
    const siteHistory = detailed
      ? frame.weekStarts.map((weekStart, w) => ({ weekStart, grid: sumGrids(ids.map((id) => histories.get(id)![w]!.grid)) }))
      : (histories.get(null) ?? frame.weekStarts.map((weekStart) => ({ weekStart, grid: gridOf([]) })));
    const total = spaceDays.length > 0 ? sumDays(spaceDays) : openDays({}, site.timeZone, frame.today, weeks * 7);
    return {
      ...this.body(caller, frame, siteHistory, total),
      site: { siteId, name: site.name, timeZone: site.timeZone, spaces: spaces.length },
      spaces: detailed
        ? spaces.map((s, i) => {
            const { confidence, days, backtest } = forecastFrom(histories.get(s.targetId)!, spaceDays[i]!);
            const { weeks: _weeks, ...error } = backtest;
            return { spaceId: s.targetId, name: s.name, confidence, days, backtest: roundBacktest(error) };
          })
        : null,
    };
  }

  /** Today in the zone, the horizon, and the Mondays of the complete weeks of history read (oldest first). */
  private frame(caller: ForecastCaller, timeZone: string, weeks: number) {
    const today = localDate(caller.now.getTime(), timeZone);
    const thisMonday = mondayOf(today);
    const count = SEASONAL_MODEL.lookbackWeeks + BACKTEST_WEEKS;
    const weekStarts = Array.from({ length: count }, (_, i) => addDays(thisMonday, -7 * (count - i)));
    return { today, weeks, weekStarts, historyTo: thisMonday };
  }

  private body(caller: ForecastCaller, frame: ReturnType<Forecasts['frame']>, history: WeeklyHistory, days: FutureDay[]): OccupancyForecast {
    const forecast = forecastFrom(history, days);
    return {
      generatedAt: caller.now.toISOString(),
      horizon: { from: frame.today, to: addDays(frame.today, frame.weeks * 7), weeks: frame.weeks },
      model: {
        method: 'seasonal-ewma',
        alpha: SEASONAL_MODEL.alpha,
        lookbackWeeks: SEASONAL_MODEL.lookbackWeeks,
        backtestWeeks: BACKTEST_WEEKS,
        history: { from: frame.weekStarts[0]!, to: frame.historyTo },
      },
      confidence: forecast.confidence,
      days: forecast.days,
      profile: forecast.shares.map((share, i) => ({ ...cellOf(i), predictedShare: round(share, 4) })),
      backtest: { ...roundBacktest(forecast.backtest), weeks: forecast.backtest.weeks.map((w) => roundBacktest(w)) },
    };
  }

  /**
   * Weekly weekday × hour grids, oldest first: per space (`perSpace`) or summed over the spaces
   * (key null). Weeks are local dates, so each is Monday to Monday on the site's clock.
   */
  private async weekly(weekStarts: string[], spaceIds: string[], perSpace: boolean): Promise<Map<string | null, WeeklyHistory>> {
    const perWeek = await Promise.all(weekStarts.map((from) => this.deps.analytics.occupancyByWeekdayHour({ from, to: addDays(from, 7), spaceIds, perSpace })));
    const out = new Map<string | null, WeeklyHistory>((perSpace ? spaceIds : [null]).map((key) => [key, []]));
    perWeek.forEach((cells, w) => {
      const byKey = new Map<string | null, typeof cells>();
      for (const c of cells) {
        const list = byKey.get(c.spaceId);
        if (list) list.push(c);
        else byKey.set(c.spaceId, [c]);
      }
      for (const [key, history] of out) history.push({ weekStart: weekStarts[w]!, grid: gridOf(byKey.get(key) ?? []) });
    });
    return out;
  }
}
