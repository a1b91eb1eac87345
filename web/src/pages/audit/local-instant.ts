import { fromWallClock, toWallClock } from '../../time/zoned-time.js';

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
