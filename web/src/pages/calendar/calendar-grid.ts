// The calendar's arithmetic, free of React: which days a view shows, the 15-minute slots of a day in
// a zone (23 or 25 hours on a DST day), where an interval falls among them, and interval set algebra.
import { addDays, fromWallClock, startOfWeek, toWallClock } from '../../time/zoned-time.js';

export type CalendarViewKind = 'day' | 'week' | 'month';
export const CALENDAR_VIEWS: readonly CalendarViewKind[] = ['day', 'week', 'month'];

export type IntervalKind = 'busy' | 'mine' | 'blackout' | 'closed' | 'booking';

export interface CalendarInterval {
  /** ISO instants, half-open [start, end). */
  start: string;
  end: string;
  kind: IntervalKind;
  label?: string;
  href?: string;
  /** A booking's status (pending bookings are drawn differently). */
  status?: string;
}

/** One column of the site day view: a space and its intervals. */
export interface CalendarLane {
  id: string;
  label: string;
  href?: string;
  intervals: CalendarInterval[];
}

export const SLOT_MINUTES = 15;
export const SLOT_MS = SLOT_MINUTES * 60_000;

export interface Slot {
  start: number;
  end: number;
  /** Wall-clock HH:MM in the zone. */
  time: string;
  /** `HH:MM#n`: the n-th time this wall clock occurs that day (1 for the repeated hour of a fall-back day). */
  key: string;
}

/** Every 15-minute slot of a local day, from its midnight to the next: 92 on a spring-forward day, 100 on a fall-back day. */
export function daySlots(date: string, timeZone: string): Slot[] {
  const first = fromWallClock(date, '00:00', timeZone).getTime();
  const last = fromWallClock(addDays(date, 1), '00:00', timeZone).getTime();
  const seen = new Map<string, number>();
  const slots: Slot[] = [];
  for (let t = first; t < last; t += SLOT_MS) {
    const time = toWallClock(new Date(t), timeZone).time;
    const n = seen.get(time) ?? 0;
    seen.set(time, n + 1);
    slots.push({ start: t, end: Math.min(t + SLOT_MS, last), time, key: `${time}#${n}` });
  }
  return slots;
}

/**
 * The rows of a time grid showing several days: the union of their slot keys in wall-clock order,
 * so 09:00 lines up across a week holding a DST day (which then shows gaps or extra rows).
 */
export function axisKeys(columns: Slot[][]): string[] {
  const keys = new Set(columns.flatMap((slots) => slots.map((s) => s.key)));
  return [...keys].sort();
}

/** The days a view shows for an anchor date (the week from Monday; the month as whole weeks). */
export function visibleDays(view: CalendarViewKind, anchor: string): string[] {
  if (view === 'day') return [anchor];
  const first = view === 'week' ? startOfWeek(anchor) : startOfWeek(`${anchor.slice(0, 7)}-01`);
  const last = view === 'week' ? addDays(first, 6) : addDays(startOfWeek(lastOfMonth(anchor)), 6);
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}

/** [from, to) instants covering the days a view shows, in the viewer's zone. */
export function visibleRange(view: CalendarViewKind, anchor: string, timeZone: string): { from: Date; to: Date } {
  const days = visibleDays(view, anchor);
  return { from: fromWallClock(days[0]!, '00:00', timeZone), to: fromWallClock(addDays(days.at(-1)!, 1), '00:00', timeZone) };
}

export function lastOfMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The anchor one view earlier or later (months move to the 1st so the 31st never skips a month). */
export function shiftAnchor(view: CalendarViewKind, anchor: string, direction: -1 | 1): string {
  if (view === 'day') return addDays(anchor, direction);
  if (view === 'week') return addDays(anchor, 7 * direction);
  const [y, m] = anchor.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + direction, 1)).toISOString().slice(0, 10);
}

export function isIsoDate(value: string | null | undefined): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** Intervals that take time away from booking (all but none: closed time cannot be booked either). */
export function overlapsAny(start: number, end: number, intervals: readonly CalendarInterval[]): boolean {
  return intervals.some((i) => Date.parse(i.start) < end && Date.parse(i.end) > start);
}

/** `busy` minus `holes`: what stays of each busy interval outside the holes, as ISO strings. */
export function subtractIntervals<T extends { start: string; end: string }>(busy: readonly T[], holes: readonly { start: string; end: string }[]): T[] {
  const out: T[] = [];
  for (const b of busy) {
    let pieces = [{ start: Date.parse(b.start), end: Date.parse(b.end) }];
    for (const h of holes) {
      const hs = Date.parse(h.start);
      const he = Date.parse(h.end);
      pieces = pieces.flatMap((p) =>
        he <= p.start || hs >= p.end ? [p] : [...(hs > p.start ? [{ start: p.start, end: hs }] : []), ...(he < p.end ? [{ start: he, end: p.end }] : [])],
      );
    }
    for (const p of pieces) out.push({ ...b, start: new Date(p.start).toISOString(), end: new Date(p.end).toISOString() });
  }
  return out;
}

/** Position of an instant on a column's slots, in slot units along the shared axis. */
export function axisPosition(instant: number, slots: Slot[], rowOf: Map<string, number>): number {
  if (instant <= slots[0]!.start) return rowOf.get(slots[0]!.key)!;
  for (const s of slots) if (instant < s.end) return rowOf.get(s.key)! + (instant - s.start) / SLOT_MS;
  const last = slots.at(-1)!;
  return rowOf.get(last.key)! + (last.end - last.start) / SLOT_MS;
}

/** Side-by-side places for overlapping blocks: each gets a column `index` among `of` in its cluster. */
export function sideBySide(blocks: readonly { start: number; end: number }[]): { index: number; of: number }[] {
  const order = blocks.map((b, i) => ({ ...b, i })).sort((a, b) => a.start - b.start || b.end - a.end);
  const places: { index: number; of: number }[] = blocks.map(() => ({ index: 0, of: 1 }));
  let cluster: typeof order = [];
  let columnsEnd: number[] = [];
  let clusterEnd = -Infinity;
  const flush = () => {
    for (const b of cluster) places[b.i]!.of = columnsEnd.length;
    cluster = [];
    columnsEnd = [];
  };
  for (const b of order) {
    if (b.start >= clusterEnd) {
      flush();
      clusterEnd = b.end;
    }
    let col = columnsEnd.findIndex((end) => end <= b.start);
    if (col < 0) col = columnsEnd.push(b.end) - 1;
    else columnsEnd[col] = b.end;
    places[b.i]!.index = col;
    cluster.push(b);
    clusterEnd = Math.max(clusterEnd, b.end);
  }
  flush();
  return places;
}

/** How many intervals of each kind touch each day (closed time is not counted). */
export function countsByDay(days: readonly string[], intervals: readonly CalendarInterval[], timeZone: string): Map<string, Partial<Record<IntervalKind, number>>> {
  const counts = new Map<string, Partial<Record<IntervalKind, number>>>(days.map((d) => [d, {}]));
  for (const i of intervals) {
    if (i.kind === 'closed') continue;
    const first = toWallClock(i.start, timeZone).date;
    // The end is exclusive: a booking ending at midnight does not touch the next day.
    const last = toWallClock(new Date(Date.parse(i.end) - 1), timeZone).date;
    for (let d = first; d <= last; d = addDays(d, 1)) {
      const c = counts.get(d);
      if (c) c[i.kind] = (c[i.kind] ?? 0) + 1;
    }
  }
  return counts;
}

/** Minutes of each local day covered by the intervals (overlaps counted once). */
export function coveredMinutesByDay(days: readonly string[], intervals: readonly { start: string; end: string }[], timeZone: string): Map<string, number> {
  const sorted = intervals.map((i) => ({ start: Date.parse(i.start), end: Date.parse(i.end) })).sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const h of sorted) {
    const last = merged.at(-1);
    if (last && h.start <= last.end) last.end = Math.max(last.end, h.end);
    else merged.push({ ...h });
  }
  return new Map(
    days.map((d) => {
      const from = fromWallClock(d, '00:00', timeZone).getTime();
      const to = fromWallClock(addDays(d, 1), '00:00', timeZone).getTime();
      const ms = merged.reduce((sum, m) => sum + Math.max(0, Math.min(to, m.end) - Math.max(from, m.start)), 0);
      return [d, Math.round(ms / 60_000)];
    }),
  );
}

/** Length of a local day in minutes: 1380 or 1500 on a DST day. */
export function dayMinutes(date: string, timeZone: string): number {
  return (fromWallClock(addDays(date, 1), '00:00', timeZone).getTime() - fromWallClock(date, '00:00', timeZone).getTime()) / 60_000;
}
