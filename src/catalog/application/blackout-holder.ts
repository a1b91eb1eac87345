import type { HolderPlacement } from '../../scheduling/application/settle-placement.js';
import type { BlackoutCommand } from '../domain/catalog.commands.js';
import type { BlackoutEvent } from '../domain/catalog.events.js';
import { blackoutDecider, blackoutReservationsToRelease, type BlackoutState } from '../domain/blackout.decider.js';

export const blackoutStreamId = (blackoutId: string) => `blackout-${blackoutId}`;

/** A blackout as a schedule holder, for the placement protocol and the process manager. */
export function blackoutHolder(blackoutId: string): HolderPlacement<BlackoutState, BlackoutCommand, BlackoutEvent> {
  return {
    streamId: blackoutStreamId(blackoutId),
    decider: blackoutDecider,
    beingPlaced: (state) => (state.status === 'placing' ? state : null),
    settle: (placement, conflicts) => ({ type: 'SettleBlackout', data: { blackoutId, placement, conflicts } }),
    abandon: (placement) => ({ type: 'AbandonBlackout', data: { blackoutId, placement } }),
    toRelease: blackoutReservationsToRelease,
    inForce: (state, placement) => (state.status === 'declared' || state.status === 'lifted') && state.placement === placement,
    conflictsOf: (events) => events.flatMap((e) => (e.type === 'BlackoutRefused' ? e.data.conflicts : [])),
  };
}
