import { offsetAt, toLocal, type Weekday } from '../../shared/domain/time-zone.js';

const HOUR = 3_600_000;
const ISO_WEEKDAY: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** One hour of a site's local clock: the instant it begins and how it reads locally. */
export interface LocalHour {
  /** Epoch ms at which the local hour begins. */
  hourStart: number;
  /** yyyy-mm-dd */
  localDate: string;
  /** 0..23; repeats around a fall-back change, skips one around spring forward. */
  localHour: number;
  /** 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
}

export function isoWeekdayOf(weekday: Weekday): number {
  return ISO_WEEKDAY[weekday];
}

/** `yyyy-mm-ddTHH:mm` of the instant on the zone's wall clock (no offset). */
export function localDateTime(instant: number, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${l.date}T${pad(Math.floor(l.minuteOfDay / 60))}:${pad(l.minuteOfDay % 60)}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// Intl formatting is the slow part of local-time arithmetic, and a log revisits the same hours
// over and over; the cache is bounded by starting afresh when it grows large.
const labels = new Map<string, LocalHour>();

const QUARTER = 900_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset at `instant`. Offsets and the local times of changes are whole quarter
 * hours, so changes fall on quarter hours of UTC and the offset is constant within each one.
 */
function cachedOffset(instant: number, timeZone: string): number {
  const quarter = Math.floor(instant / QUARTER) * QUARTER;
  const key = `${timeZone}|${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = offsetAt(quarter, timeZone);
    if (offsets.size >= 200_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * The local hour containing `instant`. Local hours begin where the wall clock shows a whole
 * hour; zones whose offset changes by whole hours (all but a handful, e.g. Lord Howe's 30-minute
 * DST) therefore have hours of exactly 60 minutes, which this relies on.
 */
export function localHourOf(instant: number, timeZone: string): LocalHour {
  const wall = instant + cachedOffset(instant, timeZone);
  const hourStart = instant - (((wall % HOUR) + HOUR) % HOUR);
  const key = `${timeZone}|${hourStart}`;
  let label = labels.get(key);
  if (!label) {
    const l = toLocal(hourStart, timeZone);
    label = { hourStart, localDate: l.date, localHour: Math.floor(l.minuteOfDay / 60), isoWeekday: isoWeekdayOf(l.weekday) };
    if (labels.size >= 200_000) labels.clear();
    labels.set(key, label);
  }
  return label;
}

/** The local hours [start, end) overlaps, with the milliseconds of overlap in each, in order. */
export function localHoursOverlapping(start: number, end: number, timeZone: string): { hour: LocalHour; ms: number }[] {
  const out: { hour: LocalHour; ms: number }[] = [];
  if (start >= end) return out;
  for (let hour = localHourOf(start, timeZone); hour.hourStart < end; hour = localHourOf(hour.hourStart + HOUR, timeZone)) {
    out.push({ hour, ms: Math.min(end, hour.hourStart + HOUR) - Math.max(start, hour.hourStart) });
  }
  return out;
}
