import { backoff, executeCommand, loadAggregate, type Executed, type Loaded } from '../../shared/application/execute-command.js';
import type { Decider, DomainEvent } from '../../shared/domain/decider.js';
import { ConflictError, PreconditionFailedError, type ConflictingInterval } from '../../shared/domain/errors.js';
import { toEventsToAppend, type CommandContext } from '../../shared/event-store/envelope.js';
import { canAppendAtomically, WrongExpectedRevisionError, type AppendResult, type AtomicMultiStreamAppend, type EventStore, type StreamAppend } from '../../shared/event-store/event-store.js';
import type { ReleaseSlot, ReserveSlot } from '../domain/schedule.commands.js';
import { scheduleDecider, type ScheduleState } from '../domain/schedule.decider.js';
import { scheduleStreamId } from '../domain/schedule.events.js';
import type { ScheduleReservations } from './schedule-reservations.js';

/**
 * What settling needs to know about a kind of schedule holder (a booking or a blackout):
 * its stream, its decider and how to read and settle its placement.
 */
export interface HolderPlacement<S, C, E extends DomainEvent> {
  streamId: string;
  decider: Decider<S, C, E>;
  /** The placement still being reserved, if any. */
  beingPlaced(state: S): { placement: number; reservations: ReserveSlot['data'][] } | null;
  settle(placement: number, conflicts: ConflictingInterval[]): C;
  abandon(placement: number): C;
  /** Reservations no longer in force after the recorded outcome (idempotent to release). */
  toRelease(state: S): ReleaseSlot['data'][];
  /** Whether `placement` is the one in force (it was placed and not rejected). */
  inForce(state: S, placement: number): boolean;
  /** The conflicts a rejection among `events` names, if any. */
  conflictsOf(events: E[]): ConflictingInterval[];
}

/**
 * The placement protocol after the holder's request is on its stream: reserve every bucket
 * in the fixed order, record the outcome on the holder's stream, then release what the
 * outcome says is no longer held. Recording before releasing means a late or crashed writer
 * can never release a slot that a settled placement still owns. Safe to run twice at once
 * (the request path and the process manager): every step is idempotent and the outcome is
 * appended with an expected revision.
 */
export async function settlePlacement<S, C, E extends DomainEvent>(
  store: EventStore,
  schedule: ScheduleReservations,
  holder: HolderPlacement<S, C, E>,
  ctx: CommandContext,
  options: { preloaded?: Loaded<S>; preloadedBuckets?: Map<string, Loaded<ScheduleState>>; abandon?: boolean } = {},
): Promise<Executed<S, E>> {
  const loaded = options.preloaded ?? (await loadAggregate(store, holder.streamId, holder.decider));
  const placing = holder.beingPlaced(loaded.state);
  let outcome: Executed<S, E> = { ...loaded, events: [] };
  if (placing) {
    const conflicts = options.abandon ? [] : await schedule.reserve(placing.reservations, ctx, options.preloadedBuckets);
    const command = options.abandon ? holder.abandon(placing.placement) : holder.settle(placing.placement, conflicts);
    // Another writer may have settled meanwhile: the retry re-decides on fresh state and gets [].
    outcome = await executeCommand(store, holder.streamId, holder.decider, () => command, ctx, { preloaded: loaded });
  }
  await schedule.release(holder.toRelease(outcome.state), ctx);
  return outcome;
}

export interface PlacementOptions {
  ifMatch?: number;
  entity: string;
  id: string;
  /** Creating the holder: skip reading its stream; a taken id fails the no_stream append. */
  isNew?: boolean;
  /** The holder as the caller just read it, used for the first attempt. */
  preloaded?: Loaded<unknown>;
  /**
   * Streams the decision read from a cache (catalog snapshots) and the revisions it saw. The
   * atomic append checks them in the same transaction; a moved one raises StaleSnapshotError.
   */
  guards?: { streamId: string; revision: number }[];
  /**
   * Decide and check every bucket exactly as placing would, then stop before appending: the
   * outcome is the state the placement would settle in, at the holder's current revision.
   */
  dryRun?: boolean;
}

/** A guarded stream moved since the caller read it: re-read it and decide again. */
export class StaleSnapshotError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} changed since it was read`);
  }
}

/**
 * Decide a holder's request or change, check the buckets it needs before writing anything (a
 * slot that is visibly taken raises ConflictError with nothing appended), then place it. With
 * a store that appends atomically everything goes in one commit; otherwise the request is
 * appended with its expected revision and settled by the protocol, where a writer that raced
 * us to a bucket still makes the placement fail, recorded on the holder's stream before the 409.
 */
export async function requestPlacement<S, C, E extends DomainEvent>(
  store: EventStore,
  schedule: ScheduleReservations,
  holder: HolderPlacement<S, C, E>,
  makeCommand: (loaded: Loaded<S>) => C,
  ctx: CommandContext,
  options: PlacementOptions,
): Promise<Executed<S, E>> {
  for (let attempt = 1; ; attempt++) {
    const loaded: Loaded<S> = options.isNew
      ? { state: holder.decider.initialState(), revision: -1 }
      : attempt === 1 && options.preloaded
        ? (options.preloaded as Loaded<S>)
        : await loadAggregate(store, holder.streamId, holder.decider);
    if (options.ifMatch !== undefined && options.ifMatch !== loaded.revision) throw new PreconditionFailedError(options.ifMatch, loaded.revision);
    const events = holder.decider.decide(makeCommand(loaded), loaded.state);
    const decided = events.reduce(holder.decider.evolve, loaded.state);
    const placing = holder.beingPlaced(decided);
    if (!placing) throw new Error(`${holder.streamId}: the decision left nothing to place`);
    const precheck = await schedule.precheck(placing.reservations);
    if (precheck.conflicts.length > 0) throw slotTaken(precheck.conflicts);
    if (options.dryRun) return previewPlacement(holder, { loaded, events, decided, placing, buckets: precheck.loaded });
    if (canAppendAtomically(store)) {
      const placed = await placeAtomically(store, schedule, holder, { loaded, events, decided, placing, buckets: precheck.loaded }, ctx, options);
      if (placed) return placed;
      if (attempt >= 100) throw new ConflictError('the schedule is too busy right now; try again');
      await backoff(attempt);
      continue;
    }
    let revision: number;
    try {
      const appended = await store.appendToStream(holder.streamId, toEventsToAppend(events, ctx), {
        expectedRevision: loaded.revision === -1 ? 'no_stream' : loaded.revision,
      });
      revision = appended.nextExpectedRevision;
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError)) throw err;
      if (loaded.revision === -1) throw new ConflictError(`${options.entity} ${options.id} already exists`);
      if (options.ifMatch !== undefined) throw new PreconditionFailedError(options.ifMatch, err.actual);
      if (attempt >= 5) throw err;
      continue;
    }
    const outcome = await settlePlacement(store, schedule, holder, ctx, { preloaded: { state: decided, revision }, preloadedBuckets: precheck.loaded });
    if (!holder.inForce(outcome.state, placing.placement)) throw slotTaken(holder.conflictsOf(outcome.events));
    return outcome;
  }
}

export function slotTaken(conflicts: ConflictingInterval[]): ConflictError {
  const described = [...new Set(conflicts.map((c) => `${c.start} – ${c.end} (${c.holder.kind})`))];
  return new ConflictError(
    described.length > 0 ? `the requested time is not available: already held ${described.join(', ')}` : 'the requested time is no longer available',
    conflicts,
  );
}

/**
 * The same placement in one commit, for stores that append to several streams atomically
 * (PostgreSQL): the request, every bucket's reservation and the outcome go in together, so
 * nothing is ever half-placed. Returns null when a bucket moved since it was read (retry).
 */
async function placeAtomically<S, C, E extends DomainEvent>(
  store: EventStore & AtomicMultiStreamAppend,
  schedule: ScheduleReservations,
  holder: HolderPlacement<S, C, E>,
  decision: PlacementDecision<S, E>,
  ctx: CommandContext,
  options: PlacementOptions,
): Promise<Executed<S, E> | null> {
  const { loaded, placing } = decision;
  const reservations: StreamAppend[] = placing.reservations.map((r) => {
    const { streamId, bucket, reserved } = reserveIn(decision.buckets, r);
    return { streamId, events: toEventsToAppend(reserved, ctx), expectedRevision: bucket.revision === -1 ? 'no_stream' : bucket.revision };
  });
  const { events, state } = settledFree(holder, decision);
  let appended: AppendResult[];
  try {
    appended = await store.appendToStreams([
      { streamId: holder.streamId, events: toEventsToAppend(events, ctx), expectedRevision: loaded.revision === -1 ? 'no_stream' : loaded.revision },
      ...reservations,
      ...(options.guards ?? []).map((g): StreamAppend => ({ streamId: g.streamId, events: [], expectedRevision: g.revision === -1 ? 'no_stream' : g.revision })),
    ]);
  } catch (err) {
    if (!(err instanceof WrongExpectedRevisionError)) throw err;
    if (options.guards?.some((g) => g.streamId === err.streamId)) throw new StaleSnapshotError(err.streamId);
    if (err.streamId === holder.streamId) {
      if (loaded.revision === -1) throw new ConflictError(`${options.entity} ${options.id} already exists`);
      if (options.ifMatch !== undefined) throw new PreconditionFailedError(options.ifMatch, err.actual);
    }
    return null;
  }
  // A change frees its old placement; releasing is idempotent and backed by the process manager.
  await schedule.release(holder.toRelease(state), ctx);
  return { state, revision: appended[0]!.nextExpectedRevision, events, position: appended[0]!.position };
}

type PlacementDecision<S, E> = { loaded: Loaded<S>; events: E[]; decided: S; placing: { placement: number; reservations: ReserveSlot['data'][] }; buckets: Map<string, Loaded<ScheduleState>> };

/** One bucket's reservation decided on the state just read; a taken slot raises the same 409 as placing. */
function reserveIn(buckets: Map<string, Loaded<ScheduleState>>, r: ReserveSlot['data']): { streamId: string; bucket: Loaded<ScheduleState>; reserved: DomainEvent[] } {
  const streamId = scheduleStreamId(r.targetId, r.day);
  const bucket = buckets.get(streamId)!;
  try {
    return { streamId, bucket, reserved: scheduleDecider.decide({ type: 'ReserveSlot', data: r }, bucket.state) };
  } catch (err) {
    if (err instanceof ConflictError) throw slotTaken(err.conflicts);
    throw err;
  }
}

/** The holder's events and state once the placement settles with every bucket free. */
function settledFree<S, C, E extends DomainEvent>(holder: HolderPlacement<S, C, E>, decision: PlacementDecision<S, E>): { events: E[]; state: S } {
  const settled = holder.decider.decide(holder.settle(decision.placing.placement, []), decision.decided);
  return { events: [...decision.events, ...settled], state: settled.reduce(holder.decider.evolve, decision.decided) };
}

/** What placing would decide, with nothing appended (PlacementOptions.dryRun). */
function previewPlacement<S, C, E extends DomainEvent>(holder: HolderPlacement<S, C, E>, decision: PlacementDecision<S, E>): Executed<S, E> {
  for (const r of decision.placing.reservations) reserveIn(decision.buckets, r);
  return { ...settledFree(holder, decision), revision: decision.loaded.revision };
}
