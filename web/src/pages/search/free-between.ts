import type { BookingPolicy } from '../../api/types.js';
import { instantAfterMidnight } from '../../time/datetime-local.js';
import { addDays, fromWallClock, toWallClock } from '../../time/zoned-time.js';
import { weekdayOf } from '../spaces/opening-hours.js';

/** "Free between" as people type it: one date and two times on the viewer's wall clock. */
export interface FreeBetweenDraft {
  date: string; // YYYY-MM-DD, '' when unset
  start: string; // HH:MM
  end: string; // HH:MM
}

export type FreeBetweenResult =
  | { kind: 'none' }
  | { kind: 'range'; freeFrom: string; freeTo: string; overnight: boolean }
  | { kind: 'incomplete' }
  | { kind: 'past' };

export const EMPTY_FREE_BETWEEN: FreeBetweenDraft = { date: '', start: '', end: '' };

/**
 * The instants a draft means in `timeZone`. An end at or before the start ends the next day
 * (a night in a hotel room, an evening event running past midnight).
 */
export function freeBetweenRange(draft: FreeBetweenDraft, timeZone: string, now: Date = new Date()): FreeBetweenResult {
  const filled = [draft.date, draft.start, draft.end].filter(Boolean).length;
  if (filled === 0) return { kind: 'none' };
  if (filled < 3) return { kind: 'incomplete' };
  const overnight = draft.end <= draft.start;
  const from = fromWallClock(draft.date, draft.start, timeZone);
  const to = fromWallClock(overnight ? addDays(draft.date, 1) : draft.date, draft.end, timeZone);
  if (to.getTime() <= now.getTime()) return { kind: 'past' };
  return { kind: 'range', freeFrom: from.toISOString(), freeTo: to.toISOString(), overnight };
}

/** The draft that shows a range on the viewer's wall clock (the inverse of freeBetweenRange). */
export function freeBetweenDraft(freeFrom: string | undefined, freeTo: string | undefined, timeZone: string): FreeBetweenDraft {
  if (!freeFrom || !freeTo) return EMPTY_FREE_BETWEEN;
  const from = toWallClock(freeFrom, timeZone);
  return { date: from.date, start: from.time, end: toWallClock(freeTo, timeZone).time };
}

/**
 * Whether the opening hours cover all of [start, end) — as the server's booking rule decides it:
 * windows per local date, joined where one ends as the next begins. GET /spaces' free filter
 * only knows bookings and blackouts, so a room closed at that hour would otherwise look free.
 */
export function isOpenThroughout(openingHours: BookingPolicy['openingHours'], timeZone: string, start: string, end: string): boolean {
  if (openingHours === null) return true;
  const from = Date.parse(start);
  const to = Date.parse(end);
  let covered = from;
  const last = toWallClock(new Date(to - 1), timeZone).date;
  for (let date = toWallClock(start, timeZone).date; date <= last && covered < to; date = addDays(date, 1)) {
    const windows = [...(openingHours[weekdayOf(date)] ?? [])].sort((a, b) => a.open - b.open);
    for (const w of windows) {
      const open = instantAfterMidnight(date, w.open, timeZone).getTime();
      const close = instantAfterMidnight(date, w.close, timeZone).getTime();
      if (open <= covered && close > covered) covered = close;
    }
  }
  return covered >= to;
}
