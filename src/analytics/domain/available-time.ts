import { openIntervals } from '../../booking/domain/opening-hours.js';
import type { BookingPolicy } from '../../catalog/domain/catalog.types.js';
import { localHoursOverlapping } from './local-hours.js';
import type { Bucket } from './period-buckets.js';

/** What a space or resource offered during [validFrom, validTo): its opening hours and units. */
export interface AvailabilityVersion {
  validFrom: number;
  /** null: still in force. */
  validTo: number | null;
  /** Local opening hours; null = always open (resources, 24/7 spaces). */
  openingHours: BookingPolicy['openingHours'];
  /** 1 for a space; units in stock for a resource. */
  quantity: number;
}

/** A blackout: [start, end), withholding `quantity` units (null: the whole space). */
export interface Withheld {
  start: number;
  end: number;
  quantity: number | null;
}

/** Time during which `units` units were available, [start, end), epoch ms. */
export interface Segment {
  start: number;
  end: number;
  units: number;
}

/**
 * When, and how many units of, a target was available in [from, to): inside a version's
 * validity and opening hours (computed per local date in `timeZone`, so DST days are 23 or 25
 * hours long), minus what blackouts withhold. Segments are ordered and do not overlap.
 */
export function availableSegments(versions: readonly AvailabilityVersion[], withheld: readonly Withheld[], timeZone: string, from: number, to: number): Segment[] {
  const base: Segment[] = [];
  for (const v of [...versions].sort((a, b) => a.validFrom - b.validFrom)) {
    const start = Math.max(from, v.validFrom);
    const end = Math.min(to, v.validTo ?? Number.POSITIVE_INFINITY);
    if (start >= end || v.quantity <= 0) continue;
    for (const r of openIntervals(v.openingHours, timeZone, start, end)) base.push({ start: r.start, end: r.end, units: v.quantity });
  }
  return subtractWithheld(base, withheld);
}

/** `base` minus the blackouts (units never below zero); adjacent segments with equal units are merged. */
export function subtractWithheld(base: readonly Segment[], withheld: readonly Withheld[]): Segment[] {
  if (base.length === 0) return [];
  const first = base[0]!.start;
  const last = base[base.length - 1]!.end;
  const relevant = withheld.filter((w) => w.start < last && w.end > first && w.start < w.end);
  if (relevant.length === 0) return [...base];
  // Sweep the boundaries: +units where base starts, −units where a blackout starts (whole-space blackouts counted apart).
  const points = new Map<number, { base: number; held: number; whole: number }>();
  const at = (t: number) => {
    let p = points.get(t);
    if (!p) points.set(t, (p = { base: 0, held: 0, whole: 0 }));
    return p;
  };
  for (const s of base) {
    at(s.start).base += s.units;
    at(s.end).base -= s.units;
  }
  for (const w of relevant) {
    if (w.quantity === null) {
      at(w.start).whole += 1;
      at(w.end).whole -= 1;
    } else {
      at(w.start).held += w.quantity;
      at(w.end).held -= w.quantity;
    }
  }
  const times = [...points.keys()].sort((a, b) => a - b);
  const out: Segment[] = [];
  let units = 0;
  let held = 0;
  let whole = 0;
  for (let i = 0; i < times.length - 1; i++) {
    const p = points.get(times[i]!)!;
    units += p.base;
    held += p.held;
    whole += p.whole;
    const free = whole > 0 ? 0 : Math.max(0, units - held);
    if (free <= 0) continue;
    const start = times[i]!;
    const end = times[i + 1]!;
    const prev = out[out.length - 1];
    if (prev && prev.end === start && prev.units === free) prev.end = end;
    else out.push({ start, end, units: free });
  }
  return out;
}

/** Unit-milliseconds of the segments in each bucket (buckets ordered and disjoint), in bucket order. */
export function distributeOverBuckets(segments: readonly Segment[], buckets: readonly Pick<Bucket, 'startAt' | 'endAt'>[]): number[] {
  const totals = buckets.map(() => 0);
  let s = 0;
  for (let b = 0; b < buckets.length; b++) {
    const { startAt, endAt } = buckets[b]!;
    while (s < segments.length && segments[s]!.end <= startAt) s++;
    for (let i = s; i < segments.length && segments[i]!.start < endAt; i++) {
      const seg = segments[i]!;
      const overlap = Math.min(endAt, seg.end) - Math.max(startAt, seg.start);
      if (overlap > 0) totals[b]! += overlap * seg.units;
    }
  }
  return totals;
}

/** Available unit-milliseconds per local (ISO weekday, hour) cell, and in how many distinct local hours there was any. */
export interface WeekdayHourAvailability {
  /** Index (isoWeekday − 1) × 24 + hour. */
  unitMs: number[];
  openHours: number[];
}

export function availabilityByWeekdayHour(segments: readonly Segment[], timeZone: string): WeekdayHourAvailability {
  const unitMs = new Array<number>(168).fill(0);
  const openHours = new Array<number>(168).fill(0);
  let lastCounted = Number.NaN;
  for (const seg of segments) {
    for (const { hour, ms } of localHoursOverlapping(seg.start, seg.end, timeZone)) {
      const cell = (hour.isoWeekday - 1) * 24 + hour.localHour;
      unitMs[cell]! += ms * seg.units;
      if (hour.hourStart !== lastCounted) {
        openHours[cell]! += 1;
        lastCounted = hour.hourStart;
      }
    }
  }
  return { unitMs, openHours };
}
