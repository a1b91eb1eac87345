import type { Decider, DomainEvent } from '../domain/decider.js';
import { PreconditionFailedError } from '../domain/errors.js';
import type { CommandContext } from '../event-store/envelope.js';
import { toEventsToAppend } from '../event-store/envelope.js';
import { WrongExpectedRevisionError, type EventStore, type Position, type RecordedEvent } from '../event-store/event-store.js';

type Evolver<S, E> = Pick<Decider<S, never, E>, 'initialState' | 'evolve'>;

/** Current state of one stream and its revision (-1 when the stream does not exist). */
export interface Loaded<S> {
  state: S;
  revision: number;
}

export async function loadAggregate<S, E extends DomainEvent>(store: EventStore, streamId: string, decider: Evolver<S, E>): Promise<Loaded<S>> {
  return fold(await store.readStream(streamId), decider);
}

/** State and revision of a stream from its recorded events, or from `from` and the events after it. */
export function fold<S, E extends DomainEvent>(recorded: RecordedEvent[], decider: Evolver<S, E>, from?: Loaded<S>): Loaded<S> {
  let state = from ? from.state : decider.initialState();
  for (const e of recorded) state = decider.evolve(state, { type: e.type, data: e.data } as E);
  return { state, revision: recorded.length === 0 ? (from?.revision ?? -1) : recorded[recorded.length - 1]!.revision };
}

export interface Executed<S, E> extends Loaded<S> {
  /** Events this command appended (empty when the decider had nothing to do). */
  events: E[];
  position?: Position;
}

/**
 * Load ▸ decide ▸ append with the loaded revision. A concurrent writer makes the append fail;
 * without `ifMatch` the command is re-decided on fresh state, with `ifMatch` (the client's
 * `If-Match`) the caller learns its view is stale (412).
 */
export async function executeCommand<S, C, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<S, C, E>,
  makeCommand: (loaded: Loaded<S>) => C,
  ctx: CommandContext,
  options: { ifMatch?: number; maxAttempts?: number; /** State the caller already read; used for the first attempt. */ preloaded?: Loaded<S> } = {},
): Promise<Executed<S, E>> {
  const maxAttempts = options.maxAttempts ?? 20;
  for (let attempt = 1; ; attempt++) {
    const loaded = attempt === 1 && options.preloaded ? options.preloaded : await loadAggregate(store, streamId, decider);
    if (options.ifMatch !== undefined && options.ifMatch !== loaded.revision) {
      throw new PreconditionFailedError(options.ifMatch, loaded.revision);
    }
    const events = decider.decide(makeCommand(loaded), loaded.state);
    if (events.length === 0) return { ...loaded, events };
    try {
      const appended = await store.appendToStream(streamId, toEventsToAppend(events, ctx), {
        expectedRevision: loaded.revision === -1 ? 'no_stream' : loaded.revision,
      });
      const state = events.reduce(decider.evolve, loaded.state);
      return { state, revision: appended.nextExpectedRevision, events, position: appended.position };
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError)) throw err;
      if (options.ifMatch !== undefined) throw new PreconditionFailedError(options.ifMatch, err.actual);
      if (attempt >= maxAttempts) throw err;
      await backoff(attempt);
    }
  }
}

/** Jittered exponential backoff so contending writers spread out instead of colliding again. */
export function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(50, 2 ** Math.min(attempt, 6));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
