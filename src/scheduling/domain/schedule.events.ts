import type { DomainEvent } from '../../shared/domain/decider.js';

/**
 * Schedule streams are the consistency boundary for "no double booking": one stream per
 * space or pooled resource per local day, `schedule-<targetId>-<yyyy-mm-dd>`. A space has
 * capacity 1 and every reservation on it has quantity 1; a resource's capacity is its stock.
 */
export interface Holder {
  kind: 'booking' | 'blackout';
  id: string;
}

export type SlotReserved = DomainEvent<'SlotReserved', {
  targetId: string;
  targetKind: 'space' | 'resource';
  day: string;
  /** `<holderId>#<placement>`: a holder's reservation per placement attempt, so a change can hold old and new until it settles. */
  reservationId: string;
  holder: Holder;
  /** The held interval (for spaces it includes the buffer after the booking). ISO instants. */
  start: string;
  end: string;
  quantity: number;
}>;
export type SlotReleased = DomainEvent<'SlotReleased', { targetId: string; day: string; reservationId: string }>;
export type ScheduleEvent = SlotReserved | SlotReleased;

export function scheduleStreamId(targetId: string, day: string): string {
  return `schedule-${targetId}-${day}`;
}
