// The days and times of a booking policy's opening hours, shared by the pages that show, edit and check them.
import { formatInstant } from '../../time/format.js';
import { weekday } from '../../time/zoned-time.js';

/** The days of `BookingPolicy.openingHours`, Monday first: index + 1 is the ISO weekday. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The opening-hours day of a calendar date (`YYYY-MM-DD`). */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[weekday(date) - 1]!;
}

const nameFormats = new Map<string, Intl.DateTimeFormat>();

/** ISO weekday (1 = Monday) → "Monday" / "Mon" in `locale` (1 January 2024 was a Monday). */
export function weekdayName(isoWeekday: number, locale: string, width: 'long' | 'short'): string {
  const key = `${locale}|${width}`;
  let f = nameFormats.get(key);
  if (!f) nameFormats.set(key, (f = new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' })));
  return f.format(Date.UTC(2024, 0, isoWeekday));
}

/** Minutes after midnight as the locale writes a time of day (1440, the closing midnight, as 00:00). */
export function timeOfDay(minutes: number, locale: string): string {
  return formatInstant(new Date(Date.UTC(2024, 0, 1, 0, minutes % 1440)), locale, 'UTC', 'time');
}
