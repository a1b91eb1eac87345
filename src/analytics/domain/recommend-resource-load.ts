import type { TimeRange } from '../../shared/domain/time-range.js';

/** A quantity of a pooled resource held over [start, end), epoch ms. */
export interface ResourceHold extends TimeRange {
  quantity: number;
}

/**
 * How much of a pooled resource is held over time: a step function built once from its holds,
 * so checking a candidate slot is a binary search instead of a sweep over every hold.
 */
export interface ResourceLoad {
  resourceId: string;
  stock: number;
  /** Instants where the held quantity changes, ascending; `level[i]` is held from `at[i]` to `at[i + 1]`. */
  at: number[];
  level: number[];
}

export function resourceLoad(resourceId: string, stock: number, holds: readonly ResourceHold[]): ResourceLoad {
  const deltas = new Map<number, number>();
  for (const h of holds) {
    if (h.start >= h.end) continue;
    deltas.set(h.start, (deltas.get(h.start) ?? 0) + h.quantity);
    deltas.set(h.end, (deltas.get(h.end) ?? 0) - h.quantity);
  }
  const at = [...deltas.keys()].sort((a, b) => a - b);
  const level: number[] = [];
  let held = 0;
  for (const t of at) level.push((held += deltas.get(t)!));
  return { resourceId, stock, at, level };
}

/** The most held at any instant of [start, end). */
export function peakHeld(load: ResourceLoad, range: TimeRange): number {
  const { at, level } = load;
  // Last change at or before start: its level is what is held when the range begins.
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid]! <= range.start) lo = mid + 1;
    else hi = mid;
  }
  let peak = lo > 0 ? level[lo - 1]! : 0;
  for (let i = lo; i < at.length && at[i]! < range.end; i++) peak = Math.max(peak, level[i]!);
  return peak;
}

/** Whether `wanted` more units fit beside what is held throughout the range. */
export function hasRoomFor(load: ResourceLoad, wanted: number, range: TimeRange): boolean {
  return peakHeld(load, range) + wanted <= load.stock;
}
