import { describe, expect, it } from 'vitest';
import { cellIndex, emptyGrid, type WeekdayHourGrid } from './forecast-grid.js';
import { addDays, isoWeekdayOfDate, mondayOf, openDays } from './forecast-open-days.js';
import { assessConfidence, backtestSeasonal, forecastDays, seasonalShares, type ForecastModel } from './forecast-occupancy.js';

const MON = 1;
const half: ForecastModel = { alpha: 0.5, lookbackWeeks: 12 };

/** A week whose cells are given as [isoWeekday, hour, booked, available]. */
function week(...cells: [number, number, number, number][]): WeekdayHourGrid {
  const grid = emptyGrid();
  for (const [day, hour, booked, available] of cells) {
    grid.booked[cellIndex(day, hour)] = booked;
    grid.available[cellIndex(day, hour)] = available;
  }
  return grid;
}

const weeks = (...grids: WeekdayHourGrid[]) => grids.map((grid, i) => ({ weekStart: addDays('2030-01-07', 7 * i), grid }));

describe('seasonalShares', () => {
  it('weights the latest week 1 and each older one (1 − alpha) times less, as a ratio of weighted minutes', () => {
    // Mon 09: full, then empty. (1·0 + 0.5·60) / (1·60 + 0.5·60) = 30/90.
    const shares = seasonalShares([week([MON, 9, 60, 60]), week([MON, 9, 0, 60])], half);
    expect(shares[cellIndex(MON, 9)]).toBeCloseTo(1 / 3, 12);
  });

  it('counts a partly open week for the minutes it was open', () => {
    // 30 of 30 open minutes booked, then 0 of 60: (0 + 0.5·30) / (60 + 0.5·30) = 15/75.
    const shares = seasonalShares([week([MON, 9, 30, 30]), week([MON, 9, 0, 60])], half);
    expect(shares[cellIndex(MON, 9)]).toBeCloseTo(0.2, 12);
  });

  it('is null for an hour never open, and looks back lookbackWeeks only', () => {
    const history = [week([MON, 9, 60, 60]), week([MON, 9, 0, 60])];
    expect(seasonalShares(history, half)[cellIndex(MON, 10)]).toBeNull();
    expect(seasonalShares(history, { alpha: 0.5, lookbackWeeks: 1 })[cellIndex(MON, 9)]).toBe(0);
  });
});

describe('forecastDays', () => {
  it('predicts a day from the hours history covers, weighted by their open minutes', () => {
    const shares = new Array<number | null>(168).fill(null);
    shares[cellIndex(MON, 9)] = 0.5;
    shares[cellIndex(MON, 11)] = 0.25;
    const openMinutes = new Array<number>(24).fill(0);
    openMinutes[9] = 60;
    openMinutes[10] = 60; // no history for 10:00
    openMinutes[11] = 30;
    const [day] = forecastDays(shares, [{ date: '2030-01-14', isoWeekday: MON, openMinutes }]);
    // Covered: 60 + 30 minutes; booked 0.5·60 + 0.25·30 = 37.5.
    expect(day).toEqual({ date: '2030-01-14', isoWeekday: MON, openMinutes: 150, predictedBookedMinutes: 37.5, predictedShare: 37.5 / 90 });
  });

  it('predicts nothing for a day history says nothing about', () => {
    const [day] = forecastDays(new Array<number | null>(168).fill(null), [{ date: '2030-01-14', isoWeekday: MON, openMinutes: new Array<number>(24).fill(60) }]);
    expect(day).toMatchObject({ openMinutes: 1440, predictedBookedMinutes: null, predictedShare: null });
  });
});

describe('backtestSeasonal', () => {
  it('forecasts each past week from the weeks before it: hand-computed MAE and WAPE', () => {
    // Monday 09:00–10:00 is the only open hour: booked 60, then 0, then 30 minutes.
    const history = weeks(week([MON, 9, 60, 60]), week([MON, 9, 0, 60]), week([MON, 9, 30, 60]));
    const result = backtestSeasonal(history, half, 4);
    // Week 2 from week 1: predicted 1, happened 0 → 100 pp, |60 − 0| minutes.
    // Week 3 from weeks 1–2: predicted 1/3, happened 1/2 → 16.67 pp, |20 − 30| minutes.
    expect(result.weeks).toEqual([
      { weekStart: '2030-01-14', cells: 1, days: 1, maePp: 100, dailyMaePp: 100, wape: null },
      { weekStart: '2030-01-21', cells: 1, days: 1, maePp: expect.closeTo(100 / 6, 10), dailyMaePp: expect.closeTo(100 / 6, 10), wape: expect.closeTo(1 / 3, 10) },
    ]);
    expect(result.maePp).toBeCloseTo((100 + 100 / 6) / 2, 10); // 58.33
    expect(result.dailyMaePp).toBeCloseTo((100 + 100 / 6) / 2, 10);
    expect(result.wape).toBeCloseTo(70 / 30, 10);
  });

  it('scores hours and days apart: errors that cancel within a day do not count against the daily share', () => {
    const history = weeks(week([MON, 9, 60, 60], [MON, 10, 0, 60]), week([MON, 9, 0, 60], [MON, 10, 60, 60]));
    const result = backtestSeasonal(history, half, 1);
    expect(result).toEqual({
      weeks: [{ weekStart: '2030-01-14', cells: 2, days: 1, maePp: 100, dailyMaePp: 0, wape: 2 }],
      maePp: 100,
      dailyMaePp: 0,
      wape: 2,
    });
  });

  it('tests only the last testWeeks weeks, and skips weeks with nothing open or nothing before them', () => {
    const open = (booked: number) => week([MON, 9, booked, 60]);
    const history = weeks(open(60), emptyGrid(), open(30), open(0));
    expect(backtestSeasonal(history, half, 2).weeks.map((w) => w.weekStart)).toEqual(['2030-01-21', '2030-01-28']);
    expect(backtestSeasonal(history, half, 3).weeks.map((w) => w.weekStart)).toEqual(['2030-01-21', '2030-01-28']);
    expect(backtestSeasonal(weeks(open(60)), half, 4)).toEqual({ weeks: [], maePp: null, dailyMaePp: null, wape: null });
  });
});

describe('assessConfidence', () => {
  const open = week([MON, 9, 30, 60]);

  it('is low, saying why, when the history is short', () => {
    const history = [emptyGrid(), open, open];
    const confidence = assessConfidence(history, backtestSeasonal(weeks(...history), half, 4), half);
    expect(confidence).toEqual({ level: 'low', historyWeeks: 2, reasons: ['only 2 weeks of history; at least 4 are needed for a forecast worth trusting'] });
  });

  it('is low with no history at all', () => {
    const confidence = assessConfidence([emptyGrid()], backtestSeasonal(weeks(emptyGrid()), half, 4), half);
    expect(confidence.level).toBe('low');
    expect(confidence.reasons[0]).toMatch(/^no history/);
  });

  it('is normal with enough weeks and a measured error', () => {
    const history = [open, open, open, open, open];
    expect(assessConfidence(history, backtestSeasonal(weeks(...history), half, 4), half)).toEqual({ level: 'normal', historyWeeks: 5, reasons: [] });
  });
});

describe('openDays', () => {
  it('gives the open minutes per local hour of each day', () => {
    const [monday, saturday] = openDays({ mon: [{ open: 510, close: 690 }] }, 'Europe/Berlin', '2030-01-07', 6).filter((_, i) => i === 0 || i === 5);
    expect(monday!.isoWeekday).toBe(1);
    expect(monday!.openMinutes.slice(7, 13)).toEqual([0, 30, 60, 60, 30, 0]); // 08:30–11:30
    expect(saturday!.openMinutes.every((m) => m === 0)).toBe(true);
  });

  it('has 23 local hours on the spring-forward day and a doubled hour in autumn', () => {
    const [spring] = openDays(null, 'Europe/Lisbon', '2030-03-31', 1);
    expect(spring!.openMinutes[1]).toBe(0);
    expect(spring!.openMinutes.reduce((a, b) => a + b)).toBe(23 * 60);
    const [autumn] = openDays(null, 'Europe/Lisbon', '2030-10-27', 1);
    expect(autumn!.openMinutes[1]).toBe(120);
    expect(autumn!.openMinutes.reduce((a, b) => a + b)).toBe(25 * 60);
  });

  it('knows weekdays and Mondays of dates', () => {
    expect([isoWeekdayOfDate('2030-01-07'), isoWeekdayOfDate('2030-01-13')]).toEqual([1, 7]);
    expect([mondayOf('2030-01-13'), mondayOf('2030-01-07')]).toEqual(['2030-01-07', '2030-01-07']);
  });
});
