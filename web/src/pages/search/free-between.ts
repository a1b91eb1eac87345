import { addDays, fromWallClock, toWallClock } from '../../time/zoned-time.js';

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
