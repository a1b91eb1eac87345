import { bookingDecider, type BookingState } from '../../booking/domain/booking.decider.js';
import type { BookingEvent } from '../../booking/domain/booking.events.js';
import { START, type EventStore, type FromPosition } from '../../shared/event-store/event-store.js';

export interface StatusMismatch {
  bookingId: string;
  replayed: string;
  /** null: the read model has no such booking. */
  readModel: string | null;
}

export interface ReplaySummary {
  bookings: number;
  events: number;
  eventsByType: Record<string, number>;
  bookingsByStatus: Record<string, number>;
  /** Bookings whose replayed status is not the read model's, or that it lacks. */
  mismatches: StatusMismatch[];
  /** Bookings in the read model that no event stream explains. */
  unknownToLog: string[];
}

const BOOKING_STREAM = 'booking-';

/**
 * Replays every booking stream from position zero with the booking decider and reconciles
 * the replayed statuses with the read model's (`readModelStatuses`: booking id → status).
 */
export async function replayBookings(store: EventStore, readModelStatuses: () => Promise<Map<string, string>>, batchSize = 1000): Promise<ReplaySummary> {
  const states = new Map<string, BookingState>();
  const eventsByType: Record<string, number> = {};
  let events = 0;
  for (let from: FromPosition = START; ; ) {
    const batch = await store.readAll({ fromPosition: from, maxCount: batchSize, filter: { streamPrefixes: [BOOKING_STREAM] } });
    if (batch.length === 0) break;
    for (const e of batch) {
      const id = e.streamId.slice(BOOKING_STREAM.length);
      states.set(id, bookingDecider.evolve(states.get(id) ?? bookingDecider.initialState(), { type: e.type, data: e.data } as BookingEvent));
      eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
      events += 1;
    }
    from = batch[batch.length - 1]!.position;
  }

  const readModel = await readModelStatuses();
  const bookingsByStatus: Record<string, number> = {};
  const mismatches: StatusMismatch[] = [];
  for (const [bookingId, state] of states) {
    bookingsByStatus[state.status] = (bookingsByStatus[state.status] ?? 0) + 1;
    const stored = readModel.get(bookingId) ?? null;
    if (stored !== state.status) mismatches.push({ bookingId, replayed: state.status, readModel: stored });
  }
  const unknownToLog = [...readModel.keys()].filter((id) => !states.has(id));
  return { bookings: states.size, events, eventsByType, bookingsByStatus, mismatches, unknownToLog };
}
