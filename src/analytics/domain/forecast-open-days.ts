import { openIntervals } from '../../booking/domain/opening-hours.js';
import type { BookingPolicy } from '../../catalog/domain/catalog.types.js';
import { nextDate, zonedToInstant } from '../../shared/domain/time-zone.js';
import { HOURS_PER_DAY } from './forecast-grid.js';
import type { FutureDay } from './forecast-occupancy.js';
import { localHoursOverlapping } from './local-hours.js';

const MINUTE = 60_000;

/** The ISO weekday (1 = Monday) of a calendar date; it does not depend on the zone. */
export function isoWeekdayOfDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Monday on or before a date. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekdayOfDate(date));
}

/**
 * `count` local days from `firstDate` with the minutes a space is open in each local hour, from
 * its opening hours (`null`: always open) in its site's zone; days with a DST change have 23 or
 * 25 hours of them, a repeated hour adding to its cell.
 */
export function openDays(openingHours: BookingPolicy['openingHours'], timeZone: string, firstDate: string, count: number): FutureDay[] {
  const days: FutureDay[] = [];
  let date = firstDate;
  for (let n = 0; n < count; n++) {
    const next = nextDate(date);
    const openMinutes = new Array<number>(HOURS_PER_DAY).fill(0);
    for (const range of openIntervals(openingHours, timeZone, zonedToInstant(date, 0, timeZone), zonedToInstant(next, 0, timeZone))) {
      for (const { hour, ms } of localHoursOverlapping(range.start, range.end, timeZone)) openMinutes[hour.localHour]! += ms / MINUTE;
    }
    days.push({ date, isoWeekday: isoWeekdayOfDate(date), openMinutes });
    date = next;
  }
  return days;
}
