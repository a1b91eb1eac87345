import { bookingDecider, type Booking, type BookingState } from '../../booking/domain/booking.decider.js';
import type { BookingEvent, BookingStatus } from '../../booking/domain/booking.events.js';
import { blackoutDecider, type Blackout, type BlackoutState } from '../../catalog/domain/blackout.decider.js';
import type { BlackoutEvent } from '../../catalog/domain/catalog.events.js';
import { fromIso } from '../../shared/domain/time-range.js';

/*
 * Bitemporal reading of the log, in two times:
 * - valid time: the instant in the world a question is about. A booking holds its space during
 *   [start, end) of its placement in force, a blackout during its [start, end);
 * - system time: what the log knew. An event is known at S when the store recorded it at or
 *   before S (`recordedAt <= S`).
 */

/** What a bitemporal fold needs of a logged event. */
export interface LoggedEvent {
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  /** When the store recorded it: its system time. */
  recordedAt: string;
}

/** The events the store had recorded at or before `asOf` (epoch ms); every one when it is null. */
export function recordedBy<E extends Pick<LoggedEvent, 'recordedAt'>>(events: readonly E[], asOf: number | null): E[] {
  return asOf === null ? [...events] : events.filter((e) => fromIso(e.recordedAt) <= asOf);
}

/** Rejected, cancelled and no-show bookings released their slots; every other status holds the placement in force. */
const BOOKING_HOLDS: Record<BookingStatus, boolean> = {
  placing: true,
  pending_approval: true,
  confirmed: true,
  checked_in: true,
  completed: true,
  rejected: false,
  cancelled: false,
  no_show: false,
};
const BLACKOUT_HOLDS: Record<Blackout['status'], boolean> = { placing: true, declared: true, refused: false, lifted: false };

/** Half-open: `start` is inside, `end` is not. */
function covers(start: string, end: string, at: number): boolean {
  return fromIso(start) <= at && at < fromIso(end);
}

/** Whether the booking, in this state, holds its space at valid instant `at` (epoch ms). */
export function bookingHoldsAt(booking: Booking, at: number): boolean {
  return BOOKING_HOLDS[booking.status] && covers(booking.current.start, booking.current.end, at);
}

export function blackoutHoldsSpaceAt(blackout: Blackout, spaceId: string, at: number): boolean {
  return blackout.target.kind === 'space' && blackout.target.spaceId === spaceId && BLACKOUT_HOLDS[blackout.status] && covers(blackout.start, blackout.end, at);
}

interface HolderBase {
  id: string;
  start: string;
  end: string;
  /** Revision of the last event applied, and when the store recorded it. */
  revision: number;
  recordedAt: string;
}
export type SpaceHolder =
  | (HolderBase & { kind: 'booking'; bookerId: string; status: BookingStatus; holdUntil: string; purpose: string })
  | (HolderBase & { kind: 'blackout'; status: 'placing' | 'declared'; reason: string });

const BOOKING_STREAM = 'booking-';
const BLACKOUT_STREAM = 'blackout-';

/**
 * What one booking or blackout stream says about `spaceId` at valid instant `at`: the holder,
 * or null. `events` are the stream's known events in order (filter them with recordedBy first);
 * they are folded with the aggregate's own evolve, so the state is the one its commands saw.
 */
export function holderAt(events: readonly LoggedEvent[], spaceId: string, at: number): SpaceHolder | null {
  const last = events[events.length - 1];
  if (!last) return null;
  const stamp = { revision: last.revision, recordedAt: last.recordedAt };
  if (last.streamId.startsWith(BOOKING_STREAM)) {
    const state = events.reduce<BookingState>((s, e) => bookingDecider.evolve(s, { type: e.type, data: e.data } as BookingEvent), bookingDecider.initialState());
    if (state.status === 'absent' || state.spaceId !== spaceId || !bookingHoldsAt(state, at)) return null;
    const { start, end, holdUntil } = state.current;
    return { kind: 'booking', id: state.bookingId, start, end, ...stamp, bookerId: state.bookerId, status: state.status, holdUntil, purpose: state.purpose };
  }
  if (last.streamId.startsWith(BLACKOUT_STREAM)) {
    const state = events.reduce<BlackoutState>((s, e) => blackoutDecider.evolve(s, { type: e.type, data: e.data } as BlackoutEvent), blackoutDecider.initialState());
    if (state.status === 'absent' || !blackoutHoldsSpaceAt(state, spaceId, at)) return null;
    return { kind: 'blackout', id: state.blackoutId, start: state.start, end: state.end, ...stamp, status: state.status as 'placing' | 'declared', reason: state.reason };
  }
  return null;
}

/** Every holder of `spaceId` at `at` among the given streams' known events, by start. */
export function spaceHoldersAt(streams: Iterable<readonly LoggedEvent[]>, spaceId: string, at: number): SpaceHolder[] {
  const holders: SpaceHolder[] = [];
  for (const events of streams) {
    const holder = holderAt(events, spaceId, at);
    if (holder) holders.push(holder);
  }
  return holders.sort((a, b) => fromIso(a.start) - fromIso(b.start) || a.id.localeCompare(b.id));
}
