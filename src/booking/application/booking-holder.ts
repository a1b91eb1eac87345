import type { HolderPlacement } from '../../scheduling/application/settle-placement.js';
import type { BookingCommand } from '../domain/booking.commands.js';
import { bookingDecider, placementBeingPlaced, reservationsToRelease, type BookingState } from '../domain/booking.decider.js';
import type { BookingEvent } from '../domain/booking.events.js';
import { toPlacementConflicts } from '../domain/booking-placement.js';

export const bookingStreamId = (bookingId: string) => `booking-${bookingId}`;

/** A booking as a schedule holder, for the placement protocol and the process manager. */
export function bookingHolder(bookingId: string): HolderPlacement<BookingState, BookingCommand, BookingEvent> {
  return {
    streamId: bookingStreamId(bookingId),
    decider: bookingDecider,
    beingPlaced: placementBeingPlaced,
    settle: (placement, conflicts) => ({ type: 'SettlePlacement', data: { bookingId, placement, conflicts: toPlacementConflicts(conflicts) } }),
    abandon: (placement) => ({ type: 'AbandonPlacement', data: { bookingId, placement } }),
    toRelease: reservationsToRelease,
    inForce: (state, placement) => state.status !== 'absent' && state.status !== 'rejected' && state.current.placement === placement,
    conflictsOf: (events) =>
      events.flatMap((e) => (e.type === 'BookingRejected' || e.type === 'BookingChangeRejected' ? e.data.conflicts : [])).map((c) => ({
        targetId: c.targetId,
        start: c.start,
        end: c.end,
        holder: { kind: c.holderKind, id: c.holderId },
      })),
  };
}
