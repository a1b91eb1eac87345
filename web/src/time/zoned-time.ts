// Wall-clock ↔ instant conversion in any IANA zone with Intl only (no date library in the bundle).

/** The zone the browser runs in. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  date: string; // YYYY-MM-DD
  time: string; // HH:MM
}

/** The wall clock in `timeZone` at an instant. */
export function toWallClock(instant: Date | string, timeZone: string): WallClock {
  const parts = Object.fromEntries(partsFormatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

function offsetMs(instant: number, timeZone: string): number {
  const p = Object.fromEntries(partsFormatter(timeZone).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall clock shows in `timeZone`. A time skipped by a spring-forward gap moves
 * forward by the gap; an ambiguous fall-back time takes the earlier instant.
 */
export function fromWallClock(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const DAY = 86_400_000;
  // The offsets a day either side are the ones before and after any transition on this day.
  const candidates = [asUtc - offsetMs(asUtc - DAY, timeZone), asUtc - offsetMs(asUtc + DAY, timeZone)];
  const exact = candidates.filter((c) => toWallClock(new Date(c), timeZone).time === time && toWallClock(new Date(c), timeZone).date === date);
  return new Date(exact.length > 0 ? Math.min(...exact) : candidates[0]!);
}

/** `YYYY-MM-DD` plus `days` (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week holding `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, 1 - weekday(date));
}

/** Today's date in a zone. */
export function today(timeZone: string, now: Date = new Date()): string {
  return toWallClock(now, timeZone).date;
}
