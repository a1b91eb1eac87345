/**
 * Calendar arithmetic in an IANA time zone using Intl only (no clock, no I/O), so domain
 * code can bucket schedules by a site's local day and check local opening hours.
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface LocalDateTime {
  /** yyyy-mm-dd */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight, 0..1439. */
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

function parts(instant: number, timeZone: string) {
  const out: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant))) out[p.type] = p.value;
  return out;
}

export function toLocal(instant: number, timeZone: string): LocalDateTime {
  const p = parts(instant, timeZone);
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: WEEKDAYS[p.weekday!]!,
    minuteOfDay: Number(p.hour) * 60 + Number(p.minute),
  };
}

export function localDate(instant: number, timeZone: string): string {
  return toLocal(instant, timeZone).date;
}

/** Offset of the zone from UTC at the instant, in milliseconds (positive east of Greenwich). */
export function offsetAt(instant: number, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the local wall clock in `timeZone` reads `date` + `minuteOfDay`.
 * In a spring-forward gap the wall time does not exist; the result is shifted forward by the gap.
 * In a fall-back overlap the earlier instant is returned.
 */
export function zonedToInstant(date: string, minuteOfDay: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minuteOfDay * 60_000;
  // A transition never lies within a day of another, so the offsets a day either side bracket it.
  const before = wall - offsetAt(wall - 86_400_000, timeZone);
  const after = wall - offsetAt(wall + 86_400_000, timeZone);
  const valid = [before, after].filter((c) => c + offsetAt(c, timeZone) === wall);
  return valid.length > 0 ? Math.min(...valid) : before;
}

/** Next calendar date after a yyyy-mm-dd date. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Every local date that the half-open range [start, end) touches, in order. */
export function localDatesTouched(start: number, end: number, timeZone: string): string[] {
  const last = localDate(Math.max(start, end - 1), timeZone);
  const dates: string[] = [];
  for (let d = localDate(start, timeZone); d <= last; d = nextDate(d)) dates.push(d);
  return dates;
}
