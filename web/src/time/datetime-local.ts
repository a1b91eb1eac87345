// The values of the browser's date, time and datetime-local inputs ↔ instants, read on the wall
// clock of a zone: the one converter the pages share (built on zoned-time's Intl arithmetic).
import { addDays, fromWallClock, toWallClock } from './zoned-time.js';

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?/;

/** A `datetime-local` value (`2026-03-29T01:30`, seconds optional) read on the wall clock of `timeZone` → ISO instant; null when incomplete. */
export function instantFromLocalInput(value: string, timeZone: string): string | null {
  const m = LOCAL.exec(value);
  if (!m) return null;
  const [, date, time, seconds] = m;
  return new Date(fromWallClock(date!, time!, timeZone).getTime() + Number(seconds ?? 0) * 1000).toISOString();
}

/**
 * An instant as a `datetime-local` value on the wall clock of `timeZone`, to the second (zone
 * offsets are whole minutes), normalised as browsers do: no seconds when they are 0.
 */
export function localInputFromInstant(instant: string, timeZone: string): string {
  const { date, time } = toWallClock(instant, timeZone);
  const seconds = new Date(instant).getUTCSeconds();
  return `${date}T${time}${seconds ? `:${String(seconds).padStart(2, '0')}` : ''}`;
}

/** The instant a `date` and a `time` input name in `timeZone` (ISO), or undefined while either is incomplete. */
export function instantFromDateAndTime(date: string, time: string, timeZone: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  return fromWallClock(date, time, timeZone).toISOString();
}

/** Minutes after midnight → a `time` input's `HH:MM`; 1440, the closing midnight, reads 00:00 like a clock. */
export function clockOf(minutes: number): string {
  const m = minutes % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** `HH:MM` → minutes after midnight, or undefined when it is not a time of day. */
export function minutesOf(clock: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** The instant `minutes` after local midnight of `date` in `timeZone` (1440 and more fall on the days after). */
export function instantAfterMidnight(date: string, minutes: number, timeZone: string): Date {
  return fromWallClock(addDays(date, Math.floor(minutes / 1440)), clockOf(minutes), timeZone);
}
