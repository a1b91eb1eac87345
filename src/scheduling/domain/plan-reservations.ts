import { toIso } from '../../shared/domain/time-range.js';
import { localDatesTouched } from '../../shared/domain/time-zone.js';
import type { ReleaseSlot, ReserveSlot } from './schedule.commands.js';
import { scheduleStreamId, type Holder } from './schedule.events.js';

/** What a holder needs from one target: `quantity` of `capacity` for [start, end), epoch ms. */
export interface Hold {
  targetId: string;
  targetKind: 'space' | 'resource';
  start: number;
  end: number;
  quantity: number;
  capacity: number;
}

export interface ReservationPlan {
  /** Distinct schedule stream ids, sorted: the one order every writer reserves in, so writers never wait on each other in a cycle. */
  buckets: string[];
  /** One reservation per bucket, in bucket order (`reservations[i]` goes to `buckets[i]`). */
  reservations: ReserveSlot['data'][];
}

/**
 * Spreads holds over the schedule streams they touch: one reservation per target and local
 * day (in the site's zone), each carrying the whole held interval. Any overlap happens on some
 * local day both ranges touch, so checking each day's stream finds every conflict.
 */
export function planReservations(input: { holds: Hold[]; timeZone: string; holder: Holder; placement: number }): ReservationPlan {
  const reservationId = `${input.holder.id}#${input.placement}`;
  const planned = input.holds.flatMap((hold) =>
    localDatesTouched(hold.start, hold.end, input.timeZone).map((day) => ({
      streamId: scheduleStreamId(hold.targetId, day),
      reservation: {
        targetId: hold.targetId,
        targetKind: hold.targetKind,
        day,
        reservationId,
        holder: input.holder,
        start: toIso(hold.start),
        end: toIso(hold.end),
        quantity: hold.quantity,
        capacity: hold.capacity,
      },
    })),
  );
  planned.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  return { buckets: planned.map((p) => p.streamId), reservations: planned.map((p) => p.reservation) };
}

/** The ReleaseSlot data that undoes each reservation (send each to `scheduleStreamId(targetId, day)`). */
export function releasesFor(reservations: ReserveSlot['data'][]): ReleaseSlot['data'][] {
  return reservations.map(({ targetId, day, reservationId }) => ({ targetId, day, reservationId }));
}
