import { assertNever, type Decider } from '../../shared/domain/decider.js';
import { ConflictError, type ConflictingInterval } from '../../shared/domain/errors.js';
import { fromIso, overlaps, type TimeRange } from '../../shared/domain/time-range.js';
import type { ReleaseSlot, ReserveSlot, ScheduleCommand } from './schedule.commands.js';
import type { Holder, ScheduleEvent, SlotReserved } from './schedule.events.js';

/** One schedule stream (`schedule-<targetId>-<day>`): its active reservations by reservation id. */
export interface ScheduleState {
  active: ReadonlyMap<string, SlotReserved['data']>;
}

const rangeOf = (r: { start: string; end: string }): TimeRange => ({ start: fromIso(r.start), end: fromIso(r.end) });
const sameHolder = (a: Holder, b: Holder) => a.kind === b.kind && a.id === b.id;

/**
 * The reservations of other holders that leave too little room for `reserve`: those active at
 * some instant of [start, end) where what they hold together plus `reserve.quantity` exceeds
 * `reserve.capacity`. A holder's own reservations never count, so a change can overlap the
 * placement it replaces. Empty means it fits, provided `quantity` ≤ `capacity` on its own.
 */
export function findScheduleConflicts(state: ScheduleState, reserve: ReserveSlot['data']): ConflictingInterval[] {
  const wanted = rangeOf(reserve);
  const others = [...state.active.values()]
    .filter((r) => !sameHolder(r.holder, reserve.holder))
    .map((r) => ({ reservation: r, range: rangeOf(r) }))
    .filter((o) => overlaps(o.range, wanted));
  if (others.length === 0) return [];

  // Sweep the load of the others across [start, end); ends sort before starts at the same
  // instant because ranges are half-open (back-to-back never adds up).
  const steps = others.flatMap((o) => [
    { at: Math.max(o.range.start, wanted.start), delta: o.reservation.quantity },
    { at: Math.min(o.range.end, wanted.end), delta: -o.reservation.quantity },
  ]);
  steps.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const overflowing: TimeRange[] = [];
  let load = 0;
  for (let i = 0; i < steps.length - 1; i++) {
    load += steps[i]!.delta;
    const segment = { start: steps[i]!.at, end: steps[i + 1]!.at };
    if (segment.start < segment.end && load + reserve.quantity > reserve.capacity) overflowing.push(segment);
  }

  return others
    .filter((o) => overflowing.some((segment) => overlaps(segment, o.range)))
    .sort((a, b) => a.range.start - b.range.start || a.reservation.reservationId.localeCompare(b.reservation.reservationId))
    .map(({ reservation }) => ({ start: reservation.start, end: reservation.end, holder: reservation.holder, targetId: reservation.targetId }));
}

function describe(conflicts: ConflictingInterval[]): string {
  return conflicts.map((c) => `${c.holder.kind} ${c.holder.id} from ${c.start} to ${c.end}`).join(', ');
}

function reserveSlot(reserve: ReserveSlot['data'], state: ScheduleState): ScheduleEvent[] {
  if (state.active.has(reserve.reservationId)) return [];
  const { capacity, ...reserved } = reserve;
  const target = `${reserve.targetKind} ${reserve.targetId}`;
  if (reserve.quantity > capacity) {
    throw new ConflictError(`${target} has ${capacity} in total, ${reserve.quantity} requested`);
  }
  const conflicts = findScheduleConflicts(state, reserve);
  if (conflicts.length > 0) {
    const message = reserve.targetKind === 'space'
      ? `${target} is already taken: held by ${describe(conflicts)}`
      : `${target} has too few left (${capacity} in total, ${reserve.quantity} requested): held by ${describe(conflicts)}`;
    throw new ConflictError(message, conflicts);
  }
  return [{ type: 'SlotReserved', data: reserved }];
}

function releaseSlot(release: ReleaseSlot['data'], state: ScheduleState): ScheduleEvent[] {
  if (!state.active.has(release.reservationId)) return [];
  return [{ type: 'SlotReleased', data: release }];
}

export const scheduleDecider: Decider<ScheduleState, ScheduleCommand, ScheduleEvent> = {
  initialState: () => ({ active: new Map() }),
  decide(command, state) {
    switch (command.type) {
      case 'ReserveSlot':
        return reserveSlot(command.data, state);
      case 'ReleaseSlot':
        return releaseSlot(command.data, state);
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    const active = new Map(state.active);
    switch (event.type) {
      case 'SlotReserved':
        active.set(event.data.reservationId, event.data);
        break;
      case 'SlotReleased':
        active.delete(event.data.reservationId);
        break;
      default:
        return assertNever(event);
    }
    return { active };
  },
};
