import type { BookingPolicy } from '../../catalog/domain/catalog.types.js';
import type { TimeRange } from '../../shared/domain/time-range.js';
import { localDatesTouched, zonedToInstant, type Weekday } from '../../shared/domain/time-zone.js';

const WEEKDAY_BY_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The weekday of a calendar date (yyyy-mm-dd); it does not depend on the time zone. */
function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAY_BY_UTC_DAY[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

/**
 * The open intervals within [from, to), in epoch ms, half-open, in order, merged where one
 * ends as the next begins (Mon 08:00–24:00 and Tue 00:00–08:00 are one interval).
 * Windows are turned into instants per local date, so days with a DST change are 23 or 25
 * hours long; `null` opening hours mean always open.
 */
export function openIntervals(openingHours: BookingPolicy['openingHours'], timeZone: string, from: number, to: number): TimeRange[] {
  if (from >= to) return [];
  if (openingHours === null) return [{ start: from, end: to }];
  const merged: TimeRange[] = [];
  for (const date of localDatesTouched(from, to, timeZone)) {
    for (const window of openingHours[weekdayOf(date)] ?? []) {
      const start = Math.max(from, zonedToInstant(date, window.open, timeZone));
      const end = Math.min(to, zonedToInstant(date, window.close, timeZone));
      if (start >= end) continue;
      const last = merged[merged.length - 1];
      if (last && last.end >= start) last.end = Math.max(last.end, end);
      else merged.push({ start, end });
    }
  }
  return merged;
}

/** True when one open interval covers the whole range. */
export function isWithinOpeningHours(openingHours: BookingPolicy['openingHours'], timeZone: string, range: TimeRange): boolean {
  const [first, ...rest] = openIntervals(openingHours, timeZone, range.start, range.end);
  return first !== undefined && rest.length === 0 && first.start === range.start && first.end === range.end;
}
