import { openIntervals } from '../../src/booking/domain/opening-hours.js';
import type { BookingPolicy } from '../../src/catalog/domain/catalog.types.js';
import { fromIso, toIso, type TimeRange } from '../../src/shared/domain/time-range.js';
import { quoteSchema } from '../schema-name.js';
import type { Db } from './db.js';

export interface Interval {
  start: string;
  end: string;
}

export interface SpaceAvailability {
  spaceId: string;
  timeZone: string;
  from: string;
  to: string;
  /** Held by a booking (including its buffer) or a blackout; whose booking is not disclosed. */
  busy: (Interval & { kind: 'booking' | 'blackout' })[];
  /** Outside opening hours. */
  closed: Interval[];
  /** Open and not held: [from, to) minus busy and closed. */
  free: Interval[];
}

/** Sorted, with overlapping or touching ranges joined. */
function merge(ranges: TimeRange[]): TimeRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: TimeRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** [from, to) minus the ranges. */
function complement(ranges: TimeRange[], from: number, to: number): TimeRange[] {
  const gaps: TimeRange[] = [];
  let cursor = from;
  for (const r of merge(ranges)) {
    if (r.start > cursor) gaps.push({ start: cursor, end: Math.min(r.start, to) });
    cursor = Math.max(cursor, r.end);
  }
  if (cursor < to) gaps.push({ start: cursor, end: to });
  return gaps.filter((g) => g.start < g.end);
}

const toInterval = (r: TimeRange): Interval => ({ start: toIso(r.start), end: toIso(r.end) });

/**
 * Busy, closed and free intervals of a space within [from, to) (ISO instants), clipped to the
 * window. Busy comes from `occupancy` (the GiST index on (target_id, during)), closed from the
 * space's opening hours in its site's time zone. Null for an unknown space.
 */
export async function getSpaceAvailability(db: Db, schema: string, spaceId: string, from: string, to: string): Promise<SpaceAvailability | null> {
  const s = quoteSchema(schema);
  const spaces = await db.query<{ policy: BookingPolicy; time_zone: string }>(`SELECT policy, time_zone FROM ${s}.spaces WHERE id = $1`, [spaceId]);
  const space = spaces.rows[0];
  if (!space) return null;
  const window = { start: fromIso(from), end: fromIso(to) };
  const held = await db.query<{ start_at: Date; end_at: Date; kind: 'booking' | 'blackout' }>(
    `SELECT DISTINCT lower(during) AS start_at, upper(during) AS end_at, holder_kind AS kind
       FROM ${s}.occupancy
      WHERE target_id = $1 AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)')`,
    [spaceId, from, to],
  );
  const busy: SpaceAvailability['busy'] = [];
  for (const kind of ['booking', 'blackout'] as const) {
    const ranges = held.rows
      .filter((r) => r.kind === kind)
      .map((r) => ({ start: Math.max(r.start_at.getTime(), window.start), end: Math.min(r.end_at.getTime(), window.end) }));
    for (const r of merge(ranges)) busy.push({ ...toInterval(r), kind });
  }
  busy.sort((a, b) => fromIso(a.start) - fromIso(b.start));
  const closed = complement(openIntervals(space.policy.openingHours, space.time_zone, window.start, window.end), window.start, window.end);
  const free = complement([...busy.map((b) => ({ start: fromIso(b.start), end: fromIso(b.end) })), ...closed], window.start, window.end);
  return { spaceId, timeZone: space.time_zone, from: toIso(window.start), to: toIso(window.end), busy, closed: closed.map(toInterval), free: free.map(toInterval) };
}
