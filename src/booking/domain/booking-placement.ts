import type { ConflictingInterval } from '../../shared/domain/errors.js';
import { fromIso, MINUTE, toIso } from '../../shared/domain/time-range.js';
import { planReservations, type Hold, type ReservationPlan } from '../../scheduling/domain/plan-reservations.js';
import type { Holder } from '../../scheduling/domain/schedule.events.js';
import type { PlacementConflict, ResourceSnapshot, SpaceSnapshot } from './booking.commands.js';
import type { ResourceLine } from './booking.events.js';

export interface PlacementPlan extends ReservationPlan {
  /** End of the space's hold: `end` + the space's buffer. */
  holdUntil: string;
}

/**
 * Where a booking sits on the schedule: the space for [start, end + buffer), each resource
 * line's quantity for [start, end) out of the resource's stock. Every resource in `lines`
 * must be among `resources` (checkBookingRequest reports the ones that are not).
 */
export function planPlacement(input: {
  space: SpaceSnapshot;
  lines: ResourceLine[];
  resources: ResourceSnapshot[];
  start: string;
  end: string;
  placement: number;
  holder: Holder;
}): PlacementPlan {
  const start = fromIso(input.start);
  const end = fromIso(input.end);
  const holdUntil = end + input.space.policy.bufferMinutes * MINUTE;
  const holds: Hold[] = [
    { targetId: input.space.spaceId, targetKind: 'space', start, end: holdUntil, quantity: 1, capacity: 1 },
    ...input.lines.map((line): Hold => {
      const resource = input.resources.find((r) => r.resourceId === line.resourceId);
      if (!resource) throw new Error(`no snapshot of resource ${line.resourceId}`);
      return { targetId: line.resourceId, targetKind: 'resource', start, end, quantity: line.quantity, capacity: resource.quantity };
    }),
  ];
  const plan = planReservations({ holds, timeZone: input.space.timeZone, holder: input.holder, placement: input.placement });
  return { holdUntil: toIso(holdUntil), ...plan };
}

/** A schedule ConflictError's intervals, in the shape SettlePlacement and BookingRejected carry. */
export function toPlacementConflicts(intervals: ConflictingInterval[]): PlacementConflict[] {
  return intervals.map((c) => ({ targetId: c.targetId, start: c.start, end: c.end, holderKind: c.holder.kind, holderId: c.holder.id }));
}
