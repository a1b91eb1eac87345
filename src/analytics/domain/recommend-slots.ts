import type { BookingPolicy } from '../../catalog/domain/catalog.types.js';
import { DAY, MINUTE, overlaps, type TimeRange } from '../../shared/domain/time-range.js';
import { offsetAt } from '../../shared/domain/time-zone.js';
import { cellIndex, GRID_CELLS, shareOf, type WeekdayHourGrid } from './forecast-grid.js';
import { hasRoomFor, type ResourceLoad } from './recommend-resource-load.js';

/** What a booker wants: how long, for how many, with what, and (optionally) when in the day. */
export interface SlotWish {
  durationMinutes: number;
  participants: number;
  /** The space must have every one. */
  amenities: readonly string[];
  /** Pooled resources of the space's site, and how many of each. */
  resources: readonly { resourceId: string; quantity: number }[];
  /** Local minutes since midnight: the slot starts at or after `from` and ends by `to`, the same day. */
  preferredHours: { from: number; to: number } | null;
}

/** A space that might host the wish, with its free time in the search window and its history. */
export interface CandidateSpace {
  spaceId: string;
  name: string;
  siteId: string;
  timeZone: string;
  capacity: number;
  amenities: readonly string[];
  policy: BookingPolicy;
  /** The part of the search window that is this space's (its site's local days), epoch ms. */
  window: TimeRange;
  /** Open and not held, from the availability search; sorted. */
  free: readonly TimeRange[];
  /** Held by bookings (with their buffers) and blackouts. */
  busy: readonly TimeRange[];
  /** The wished pooled resources, as loaded on this space's site; one per wished resource. */
  resources: readonly ResourceLoad[];
  /** Occupancy by weekday × hour over the last `weeks` weeks; null when the space has none. */
  history: { grid: WeekdayHourGrid; weeks: number } | null;
}

export interface RankedSlot {
  spaceId: string;
  start: number;
  end: number;
  /** 1 − contention: how likely the slot is to stay uncontested. */
  score: number;
  /** Historical share of the slot's hours, with the hour either side at half weight; null without history. */
  contention: number | null;
  /** Historical share of the slot's own hours (what its reason quotes); null without history. */
  slotShare: number | null;
  historyWeeks: number;
  /** Local wall clock of the slot in the space's zone; endMinute may pass 1440 when it runs past midnight. */
  local: { date: string; isoWeekday: number; startMinute: number; endMinute: number };
}

/** The hour before and after a slot count at this weight (per minute) beside its own hours. */
export const NEIGHBOUR_WEIGHT = 0.5;
/** Contention assumed where history says nothing (a new space, an hour never open before). */
export const UNKNOWN_CONTENTION = 0.5;
/** Candidate starts lie at least this far apart (a multiple of the space's slot length). */
const MIN_STEP_MINUTES = 15;
/** Bounded work: candidate slots looked at per space. */
export const MAX_SLOTS_PER_SPACE = 2000;

/** Whether the space can host the wish at all: capacity, amenities, resources on its site and the policy's duration limits. */
export function spaceFits(space: CandidateSpace, wish: SlotWish): boolean {
  const { policy } = space;
  return (
    space.capacity >= wish.participants &&
    wish.amenities.every((a) => space.amenities.includes(a)) &&
    space.resources.length === wish.resources.length &&
    wish.durationMinutes >= policy.minDurationMinutes &&
    wish.durationMinutes <= policy.maxDurationMinutes &&
    wish.durationMinutes % policy.slotMinutes === 0
  );
}

/**
 * Wall-clock milliseconds of instants within a range of the zone. Asking Intl for every
 * candidate is what makes a search slow, and a range of a few weeks holds at most one DST
 * change: when the offsets at both ends agree, one offset serves the whole range.
 */
function wallClock(timeZone: string, range: TimeRange): (instant: number) => number {
  const first = offsetAt(range.start, timeZone);
  if (first === offsetAt(range.end, timeZone)) return (instant) => instant + first;
  return (instant) => instant + offsetAt(instant, timeZone);
}

const mod = (n: number, m: number) => ((n % m) + m) % m;
/** Minutes since local midnight of a wall-clock reading. */
const minuteOfDay = (wall: number) => Math.floor(mod(wall, DAY) / MINUTE);
/** 1 = Monday … 7 = Sunday; day 0 of the epoch was a Thursday. */
const isoWeekdayOfWall = (wall: number) => mod(Math.floor(wall / DAY) + 3, 7) + 1;

interface Scored {
  contention: number | null;
  slotShare: number | null;
}

/**
 * Weighted mean of the cells' shares: each of the slot's hours by the minutes it covers, the
 * hour before and after at NEIGHBOUR_WEIGHT × 60; cells never open are left out.
 */
export function scoreCells(grid: WeekdayHourGrid | null, startCell: number, minuteInHour: number, durationMinutes: number): Scored {
  if (!grid) return { contention: null, slotShare: null };
  let ownWeight = 0;
  let ownSum = 0;
  let cell = startCell;
  let remaining = durationMinutes;
  let take = Math.min(60 - minuteInHour, remaining);
  for (;;) {
    const share = shareOf(grid, cell);
    if (share !== null) {
      ownWeight += take;
      ownSum += take * share;
    }
    remaining -= take;
    if (remaining <= 0) break;
    cell = (cell + 1) % GRID_CELLS;
    take = Math.min(60, remaining);
  }
  let weight = ownWeight;
  let sum = ownSum;
  for (const neighbour of [(startCell + GRID_CELLS - 1) % GRID_CELLS, (cell + 1) % GRID_CELLS]) {
    const share = shareOf(grid, neighbour);
    if (share === null) continue;
    weight += NEIGHBOUR_WEIGHT * 60;
    sum += NEIGHBOUR_WEIGHT * 60 * share;
  }
  return { contention: weight > 0 ? sum / weight : null, slotShare: ownWeight > 0 ? ownSum / ownWeight : null };
}

/** A slot before it is picked: its local date is only spelled out for the few that are. */
type Candidate = Omit<RankedSlot, 'local'> & { wallStart: number; isoWeekday: number; startMinute: number };

function ranked({ wallStart, isoWeekday, startMinute, ...slot }: Candidate, durationMinutes: number): RankedSlot {
  const date = new Date(wallStart - mod(wallStart, DAY)).toISOString().slice(0, 10);
  return { ...slot, local: { date, isoWeekday, startMinute, endMinute: startMinute + durationMinutes } };
}

/** Every slot of the wish that the space could take now, scored; at most MAX_SLOTS_PER_SPACE. */
function slotsOf(space: CandidateSpace, wish: SlotWish, now: number): Candidate[] {
  const { policy, timeZone } = space;
  const slot = policy.slotMinutes;
  const duration = wish.durationMinutes * MINUTE;
  const buffer = policy.bufferMinutes * MINUTE;
  const step = slot * Math.max(1, Math.ceil(MIN_STEP_MINUTES / slot)) * MINUTE;
  const earliest = Math.ceil(Math.max(space.window.start, now + 1) / MINUTE) * MINUTE;
  const latestStart = Math.min(space.window.end - duration, now + policy.maxAdvanceDays * DAY);
  const wanted = new Map(wish.resources.map((r) => [r.resourceId, r.quantity]));
  const slots: Candidate[] = [];
  for (const free of space.free) {
    const wall = wallClock(timeZone, free);
    let start = Math.max(free.start, earliest);
    while (start + duration <= free.end && start <= latestStart && slots.length < MAX_SLOTS_PER_SPACE) {
      const local = wall(start);
      const startMinute = minuteOfDay(local);
      // Off the slot grid (the interval began off it, or a DST change shifted it): on to the next aligned minute.
      const misaligned = startMinute % slot;
      if (misaligned !== 0) {
        start += (slot - misaligned) * MINUTE;
        continue;
      }
      const end = start + duration;
      const held = { start, end: end + buffer };
      const fits =
        minuteOfDay(wall(end)) % slot === 0 &&
        (wish.preferredHours === null || (startMinute >= wish.preferredHours.from && startMinute + wish.durationMinutes <= wish.preferredHours.to)) &&
        !space.busy.some((b) => overlaps(b, held)) &&
        space.resources.every((load) => hasRoomFor(load, wanted.get(load.resourceId) ?? 0, { start, end }));
      if (fits) {
        const isoWeekday = isoWeekdayOfWall(local);
        const scored = scoreCells(space.history?.grid ?? null, cellIndex(isoWeekday, Math.floor(startMinute / 60)), startMinute % 60, wish.durationMinutes);
        slots.push({
          spaceId: space.spaceId,
          start,
          end,
          score: 1 - (scored.contention ?? UNKNOWN_CONTENTION),
          ...scored,
          historyWeeks: space.history?.weeks ?? 0,
          wallStart: local,
          isoWeekday,
          startMinute,
        });
      }
      start += step;
    }
  }
  return slots;
}

// Scores are sums of products: compare them at a precision that ignores floating-point noise.
const rounded = (score: number) => Math.round(score * 1e9);

/**
 * Best first: likelier to stay uncontested, then earlier, then the smaller space (leaving big
 * rooms to big groups), then by name and id, so equal inputs always rank the same way.
 */
function rankOrder(spaces: ReadonlyMap<string, CandidateSpace>) {
  return (a: Candidate, b: Candidate): number => {
    const sa = spaces.get(a.spaceId)!;
    const sb = spaces.get(b.spaceId)!;
    return (
      rounded(b.score) - rounded(a.score) ||
      a.start - b.start ||
      sa.capacity - sb.capacity ||
      (sa.name < sb.name ? -1 : sa.name > sb.name ? 1 : 0) ||
      (a.spaceId < b.spaceId ? -1 : a.spaceId > b.spaceId ? 1 : 0)
    );
  };
}

/**
 * The best `limit` free slots for the wish across the candidate spaces, ranked by rankOrder;
 * slots of one space never overlap each other. `now` is epoch ms: slots start after it and
 * within each space's booking horizon.
 */
export function recommendSlots(input: { wish: SlotWish; spaces: readonly CandidateSpace[]; now: number; limit: number }): RankedSlot[] {
  const { wish, now, limit } = input;
  const spaces = new Map(input.spaces.map((s) => [s.spaceId, s]));
  const order = rankOrder(spaces);
  const picked: Candidate[] = [];
  for (const space of input.spaces) {
    if (!spaceFits(space, wish)) continue;
    // Overlap only matters within a space, so each space's own greedy picks are the ones a global pass would make.
    const own: Candidate[] = [];
    for (const slot of slotsOf(space, wish, now).sort(order)) {
      if (own.length >= limit) break;
      if (!own.some((p) => p.start < slot.end && slot.start < p.end)) own.push(slot);
    }
    picked.push(...own);
  }
  return picked
    .sort(order)
    .slice(0, limit)
    .map((c) => ranked(c, wish.durationMinutes));
}
