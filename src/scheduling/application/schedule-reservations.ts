import { executeCommand, fold, type Loaded } from '../../shared/application/execute-command.js';
import { ConflictError, type ConflictingInterval } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { readStreams, type EventStore } from '../../shared/event-store/event-store.js';
import type { ReleaseSlot, ReserveSlot } from '../domain/schedule.commands.js';
import { findScheduleConflicts, scheduleDecider, type ScheduleState } from '../domain/schedule.decider.js';
import { scheduleStreamId } from '../domain/schedule.events.js';

const streamOf = (r: { targetId: string; day: string }) => scheduleStreamId(r.targetId, r.day);

/**
 * Reserves and releases a holder's slots on the schedule streams (the consistency boundary of
 * "no double booking"). Reservations go in the order given — the placement's sorted bucket
 * order, the same for every writer — each append with the revision it decided on.
 */
export class ScheduleReservations {
  constructor(private readonly store: EventStore) {}

  /** Reads every bucket (one round trip where the store allows) and reports what would conflict, without writing. */
  async precheck(reservations: ReserveSlot['data'][]): Promise<{ conflicts: ConflictingInterval[]; loaded: Map<string, Loaded<ScheduleState>> }> {
    const streams = await readStreams(this.store, reservations.map(streamOf));
    const loaded = new Map([...streams].map(([streamId, events]) => [streamId, fold(events, scheduleDecider)] as const));
    const conflicts = reservations.flatMap((r) => findScheduleConflicts(loaded.get(streamOf(r))!.state, r));
    return { conflicts, loaded };
  }

  /**
   * Reserves each slot in turn; stops at the first bucket that is truly taken and returns its
   * conflicts (what was reserved so far stays held: the caller records the outcome on the
   * holder's stream first and then releases). Revision clashes are retried on fresh state.
   */
  async reserve(reservations: ReserveSlot['data'][], ctx: CommandContext, preloaded?: Map<string, Loaded<ScheduleState>>): Promise<ConflictingInterval[]> {
    for (const r of reservations) {
      try {
        await executeCommand(this.store, streamOf(r), scheduleDecider, (): ReserveSlot => ({ type: 'ReserveSlot', data: r }), ctx, {
          preloaded: preloaded?.get(streamOf(r)),
          maxAttempts: 200,
        });
      } catch (err) {
        if (err instanceof ConflictError) return err.conflicts;
        throw err;
      }
    }
    return [];
  }

  /** Idempotent: releasing what is not held appends nothing. */
  async release(releases: ReleaseSlot['data'][], ctx: CommandContext): Promise<void> {
    await Promise.all(
      releases.map((r) => executeCommand(this.store, streamOf(r), scheduleDecider, (): ReleaseSlot => ({ type: 'ReleaseSlot', data: r }), ctx, { maxAttempts: 200 })),
    );
  }
}
