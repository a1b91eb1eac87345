import { cellIndex, type WeekdayHourGrid } from './forecast-grid.js';

export type DayPart = 'morning' | 'afternoon' | 'evening';

/** Local hours [from, to) of each part of the day. */
export const DAY_PARTS: readonly { part: DayPart; from: number; to: number }[] = [
  { part: 'morning', from: 6, to: 12 },
  { part: 'afternoon', from: 12, to: 18 },
  { part: 'evening', from: 18, to: 24 },
];

/** "Monday mornings are 90% booked" (busy) or "Friday afternoons are usually free" (quiet). */
export interface OccupancyInsight {
  kind: 'busy' | 'quiet';
  isoWeekday: number;
  part: DayPart;
  share: number;
}

/** At or above: a part of the week worth warning about. */
export const BUSY_SHARE = 0.6;
/** At or below: a part of the week that is usually free. */
export const QUIET_SHARE = 0.25;
/** A part of the week open less than this many minutes over the history says too little. */
const MIN_OPEN_MINUTES = 120;

/**
 * The busiest parts of the week (up to `busiest`, share ≥ BUSY_SHARE, busiest first) and the
 * quietest one (share ≤ QUIET_SHARE), from the history of the spaces looked at; ties go to the
 * earlier part of the week.
 */
export function occupancyInsights(grid: WeekdayHourGrid, busiest = 2): OccupancyInsight[] {
  const parts: Omit<OccupancyInsight, 'kind'>[] = [];
  for (let isoWeekday = 1; isoWeekday <= 7; isoWeekday++) {
    for (const { part, from, to } of DAY_PARTS) {
      let booked = 0;
      let available = 0;
      for (let hour = from; hour < to; hour++) {
        booked += grid.booked[cellIndex(isoWeekday, hour)]!;
        available += grid.available[cellIndex(isoWeekday, hour)]!;
      }
      if (available >= MIN_OPEN_MINUTES) parts.push({ isoWeekday, part, share: booked / available });
    }
  }
  // Stable sorts keep the week's order among equal shares.
  const busy = parts.filter((p) => p.share >= BUSY_SHARE).sort((a, b) => b.share - a.share).slice(0, busiest);
  const quiet = parts.filter((p) => p.share <= QUIET_SHARE).sort((a, b) => a.share - b.share).slice(0, 1);
  return [...busy.map((p) => ({ kind: 'busy' as const, ...p })), ...quiet.map((p) => ({ kind: 'quiet' as const, ...p }))];
}
