import { cellIndex, GRID_CELLS, HOURS_PER_DAY, totalAvailable, type WeekdayHourGrid } from './forecast-grid.js';

/**
 * Seasonal forecast of occupancy by weekday × hour: each cell's share is an exponentially
 * weighted average of the same weekday and hour over past weeks, as a ratio of weighted sums
 * (booked / available), so weeks in which the hour was partly closed count for what was open.
 */
export interface ForecastModel {
  /** Weight lost per week of age: the latest week weighs 1, the one before 1 − alpha, and so on. */
  alpha: number;
  /** Weeks of history one forecast learns from. */
  lookbackWeeks: number;
}

export const SEASONAL_MODEL: ForecastModel = { alpha: 0.3, lookbackWeeks: 12 };

/** Fewer weeks of history than this and a forecast is flagged as low confidence. */
export const MIN_HISTORY_WEEKS = 4;

/**
 * Predicted share per cell for the week after `weeks` (consecutive weeks, oldest first); null
 * for a cell that was never open in the weeks looked at.
 */
export function seasonalShares(weeks: readonly WeekdayHourGrid[], model: ForecastModel): (number | null)[] {
  const used = weeks.slice(-model.lookbackWeeks);
  const shares: (number | null)[] = [];
  for (let i = 0; i < GRID_CELLS; i++) {
    let booked = 0;
    let available = 0;
    let weight = 1;
    for (let w = used.length - 1; w >= 0; w--) {
      booked += weight * used[w]!.booked[i]!;
      available += weight * used[w]!.available[i]!;
      weight *= 1 - model.alpha;
    }
    shares.push(available > 0 ? booked / available : null);
  }
  return shares;
}

/** A day to forecast: its local date, ISO weekday and open minutes per local hour (24 entries). */
export interface FutureDay {
  date: string;
  isoWeekday: number;
  openMinutes: number[];
}

export interface DayForecast {
  date: string;
  isoWeekday: number;
  openMinutes: number;
  /** Σ predicted share × open minutes over the hours history covers; null when it covers none. */
  predictedBookedMinutes: number | null;
  /** predictedBookedMinutes / the open minutes of those hours. */
  predictedShare: number | null;
}

export function forecastDays(shares: readonly (number | null)[], days: readonly FutureDay[]): DayForecast[] {
  return days.map((day) => {
    let open = 0;
    let covered = 0;
    let booked = 0;
    for (let hour = 0; hour < HOURS_PER_DAY; hour++) {
      const minutes = day.openMinutes[hour] ?? 0;
      if (minutes <= 0) continue;
      open += minutes;
      const share = shares[cellIndex(day.isoWeekday, hour)];
      if (share === null || share === undefined) continue;
      covered += minutes;
      booked += share * minutes;
    }
    return {
      date: day.date,
      isoWeekday: day.isoWeekday,
      openMinutes: open,
      predictedBookedMinutes: covered > 0 ? booked : null,
      predictedShare: covered > 0 ? booked / covered : null,
    };
  });
}

/** One past week forecast from the weeks before it and compared with what happened. */
export interface BacktestWeek {
  /** Local date of the week's Monday. */
  weekStart: string;
  /** Open hours (cells) that had a forecast, and days among them. */
  cells: number;
  days: number;
  /** Mean absolute error of the hourly shares, in percentage points. */
  maePp: number;
  /** Mean absolute error of the daily shares, in percentage points. */
  dailyMaePp: number;
  /** Σ |predicted − booked minutes| / Σ booked minutes; null when nothing was booked. */
  wape: number | null;
}

export interface Backtest {
  weeks: BacktestWeek[];
  /** Pooled over every week tested (each hour or day weighs the same); null when no week could be tested. */
  maePp: number | null;
  dailyMaePp: number | null;
  wape: number | null;
}

interface ErrorSums {
  cells: number;
  cellError: number;
  days: number;
  dayError: number;
  absoluteMinutes: number;
  bookedMinutes: number;
}

const noErrors = (): ErrorSums => ({ cells: 0, cellError: 0, days: 0, dayError: 0, absoluteMinutes: 0, bookedMinutes: 0 });

/** Compares a forecast with an actual week, scoring only hours that were open and had a forecast. */
function errorsOf(shares: readonly (number | null)[], actual: WeekdayHourGrid): ErrorSums {
  const sums = noErrors();
  for (let day = 1; day <= 7; day++) {
    let open = 0;
    let booked = 0;
    let predicted = 0;
    for (let hour = 0; hour < HOURS_PER_DAY; hour++) {
      const i = cellIndex(day, hour);
      const a = actual.available[i]!;
      const p = shares[i];
      if (a <= 0 || p === null || p === undefined) continue;
      const b = actual.booked[i]!;
      sums.cells++;
      sums.cellError += Math.abs(p - b / a);
      sums.absoluteMinutes += Math.abs(p * a - b);
      sums.bookedMinutes += b;
      open += a;
      booked += b;
      predicted += p * a;
    }
    if (open > 0) {
      sums.days++;
      sums.dayError += Math.abs(predicted - booked) / open;
    }
  }
  return sums;
}

function add(a: ErrorSums, b: ErrorSums): ErrorSums {
  return {
    cells: a.cells + b.cells,
    cellError: a.cellError + b.cellError,
    days: a.days + b.days,
    dayError: a.dayError + b.dayError,
    absoluteMinutes: a.absoluteMinutes + b.absoluteMinutes,
    bookedMinutes: a.bookedMinutes + b.bookedMinutes,
  };
}

const wapeOf = (s: ErrorSums) => (s.bookedMinutes > 0 ? s.absoluteMinutes / s.bookedMinutes : null);

/**
 * How wrong the model would have been: each of the last `testWeeks` weeks of `history`
 * (consecutive, oldest first) forecast from the weeks before it alone and compared hour by hour
 * and day by day. A week with nothing open, or with no earlier history, is not tested.
 */
export function backtestSeasonal(history: readonly { weekStart: string; grid: WeekdayHourGrid }[], model: ForecastModel, testWeeks: number): Backtest {
  const weeks: BacktestWeek[] = [];
  let pooled = noErrors();
  for (let t = Math.max(1, history.length - testWeeks); t < history.length; t++) {
    const target = history[t]!;
    const training = history.slice(0, t).map((w) => w.grid);
    if (totalAvailable(target.grid) === 0 || !training.some((g) => totalAvailable(g) > 0)) continue;
    const sums = errorsOf(seasonalShares(training, model), target.grid);
    if (sums.cells === 0) continue;
    pooled = add(pooled, sums);
    weeks.push({
      weekStart: target.weekStart,
      cells: sums.cells,
      days: sums.days,
      maePp: (100 * sums.cellError) / sums.cells,
      dailyMaePp: (100 * sums.dayError) / sums.days,
      wape: wapeOf(sums),
    });
  }
  return {
    weeks,
    maePp: pooled.cells > 0 ? (100 * pooled.cellError) / pooled.cells : null,
    dailyMaePp: pooled.days > 0 ? (100 * pooled.dayError) / pooled.days : null,
    wape: wapeOf(pooled),
  };
}

export interface ForecastConfidence {
  level: 'low' | 'normal';
  /** Weeks of the history in which the target was open at all. */
  historyWeeks: number;
  /** Why the confidence is low, in plain words; empty when it is normal. */
  reasons: string[];
}

/** Low when the history is short or no past week could be forecast to measure the error. */
export function assessConfidence(history: readonly WeekdayHourGrid[], backtest: Backtest, model: ForecastModel): ForecastConfidence {
  const historyWeeks = history.slice(-model.lookbackWeeks).filter((g) => totalAvailable(g) > 0).length;
  const reasons: string[] = [];
  if (historyWeeks === 0) reasons.push('no history: the target was never open in the weeks looked at, so nothing is predicted');
  else if (historyWeeks < MIN_HISTORY_WEEKS) reasons.push(`only ${historyWeeks} week${historyWeeks === 1 ? '' : 's'} of history; at least ${MIN_HISTORY_WEEKS} are needed for a forecast worth trusting`);
  if (historyWeeks > 0 && backtest.weeks.length === 0) reasons.push('no past week could be forecast from earlier ones, so the error is unknown');
  return { level: reasons.length > 0 ? 'low' : 'normal', historyWeeks, reasons };
}
