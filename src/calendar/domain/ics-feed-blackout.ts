import type { BlackoutEvent } from '../../catalog/domain/catalog.events.js';
import { assertNever } from '../../shared/domain/decider.js';

/** A blackout of a whole space, as its room calendar shows it. */
export interface SpaceBlackoutEntry {
  blackoutId: string;
  spaceId: string;
  /** `placing` and `refused` never closed the room; feeds show `declared` (busy) and `lifted` (cancelled). */
  state: 'placing' | 'declared' | 'refused' | 'lifted';
  /** 0 when declared, +1 when lifted. */
  sequence: number;
  start: string;
  end: string;
  reason: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The entry after `event` (occurred at `occurredAt`); null for blackouts of pooled resources and for
 * events of a blackout never requested on a space.
 */
export function evolveSpaceBlackout(entry: SpaceBlackoutEntry | null, event: BlackoutEvent, occurredAt: string): SpaceBlackoutEntry | null {
  if (event.type === 'BlackoutRequested') {
    const { blackoutId, target, start, end, reason } = event.data;
    if (target.kind !== 'space') return null;
    return { blackoutId, spaceId: target.spaceId, state: 'placing', sequence: 0, start, end, reason, createdAt: occurredAt, updatedAt: occurredAt };
  }
  if (entry === null) return null;
  switch (event.type) {
    case 'BlackoutDeclared':
      return entry.state === 'placing' ? { ...entry, state: 'declared', updatedAt: occurredAt } : entry;
    case 'BlackoutRefused':
      return entry.state === 'placing' ? { ...entry, state: 'refused', updatedAt: occurredAt } : entry;
    case 'BlackoutLifted':
      return entry.state === 'declared' ? { ...entry, state: 'lifted', sequence: entry.sequence + 1, updatedAt: occurredAt } : entry;
    default:
      return assertNever(event);
  }
}

/** Whether a room calendar lists the blackout at all. */
export const blackoutShown = (entry: SpaceBlackoutEntry): boolean => entry.state === 'declared' || entry.state === 'lifted';
