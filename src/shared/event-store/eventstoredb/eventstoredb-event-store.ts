import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START as ESDB_START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Filter,
  type JSONType,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  START,
  WrongExpectedRevisionError,
  comparePositions,
  type AllFilter,
  type AllSubscription,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type FromPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '../event-store.js';

export interface EventStoreDbEventStoreOptions {
  /** Turns stored (older) event shapes into the current one on every read. */
  upcast?: (event: RecordedEvent) => RecordedEvent;
  /** Called when a subscription breaks; it resubscribes from its last event with backoff. Default: console.warn. */
  onSubscriptionError?: (error: unknown) => void;
}

/**
 * The EventStoreDB adapter: a thin mapping, since the port follows EventStoreDB semantics.
 * Our metadata is the event's JSON metadata; system events (`$`-prefixed types or streams) are
 * never returned.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly upcast: (event: RecordedEvent) => RecordedEvent;
  private readonly onSubscriptionError: (error: unknown) => void;
  private readonly subscriptions = new Set<EventStoreDbAllSubscription>();

  constructor(connectionString: string, options: EventStoreDbEventStoreOptions = {}) {
    this.client = EventStoreDBClient.connectionString(connectionString);
    this.upcast = options.upcast ?? ((event) => event);
    this.onSubscriptionError = options.onSubscriptionError ?? ((error) => console.warn('EventStoreDB subscription failed; resubscribing', error));
  }

  async appendToStream(streamId: string, events: EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const { expectedRevision } = options;
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data as JSONType, metadata: e.metadata as unknown as JSONType })),
        { expectedRevision: toEsdbExpectedRevision(expectedRevision) },
      );
      return {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: result.position ?? { commit: 0n, prepare: 0n },
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) throw new WrongExpectedRevisionError(streamId, expectedRevision, fromEsdbRevision(error.actualVersion));
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : ESDB_START,
      ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        const event = this.toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /** `$all` has no server-side filter on reads in this client, so reads filter here. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromPosition ?? START;
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    // Reading from a position includes the event at it; the port's fromPosition is exclusive.
    const read = this.client.readAll({ direction: FORWARDS, fromPosition: from === START ? ESDB_START : from });
    let stoppedEarly = false;
    try {
      for await (const resolved of read) {
        const event = this.toRecordedEvent(resolved);
        if (!event || (from !== START && comparePositions(event.position, from) <= 0) || !matchesFilter(event, options.filter)) continue;
        events.push(event);
        if (events.length >= limit) {
          stoppedEarly = true;
          break;
        }
      }
    } finally {
      if (stoppedEarly) await read.cancel().catch(() => {});
    }
    return events;
  }

  subscribeToAll(options: SubscribeOptions = {}): AllSubscription {
    const subscription = new EventStoreDbAllSubscription(
      (from) => this.client.subscribeToAll({ fromPosition: from === START ? ESDB_START : from, filter: serverSideFilter(options.filter) }),
      (resolved) => {
        const event = this.toRecordedEvent(resolved);
        return event && matchesFilter(event, options.filter) ? event : undefined;
      },
      options.fromPosition ?? START,
      this.onSubscriptionError,
      (stopped) => this.subscriptions.delete(stopped),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
    await this.client.dispose();
  }

  private toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
    const event = resolved.event;
    if (!event || isSystem(event.streamId, event.type)) return undefined;
    const position = event.position ?? (resolved.commitPosition !== undefined ? { commit: resolved.commitPosition, prepare: resolved.commitPosition } : { commit: 0n, prepare: 0n });
    return this.upcast({
      streamId: event.streamId,
      revision: Number(event.revision),
      position,
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata as unknown as EventMetadata,
      recordedAt: event.created.toISOString(),
    });
  }
}

/**
 * Follows `$all` through the client's catch-up subscription. If the subscription breaks, it
 * resubscribes after its last delivered event, with backoff. `unsubscribe()` ends the iterator
 * even while it waits for the server.
 */
class EventStoreDbAllSubscription implements AllSubscription {
  private stopped = false;
  private signalStop!: () => void;
  private readonly stopSignal = new Promise<'stopped'>((resolve) => (this.signalStop = () => resolve('stopped')));
  private readonly iterator: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly open: (from: FromPosition) => AllStreamSubscription,
    private readonly accept: (resolved: AllStreamResolvedEvent) => RecordedEvent | undefined,
    from: FromPosition,
    private readonly onError: (error: unknown) => void,
    private readonly onStop: (subscription: EventStoreDbAllSubscription) => void,
  ) {
    this.iterator = this.run(from);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async unsubscribe(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.signalStop();
    this.onStop(this);
  }

  private async *run(start: FromPosition): AsyncGenerator<RecordedEvent> {
    let from = start;
    let failures = 0;
    try {
      while (!this.stopped) {
        const subscription = this.open(from);
        const events = subscription[Symbol.asyncIterator]();
        try {
          for (;;) {
            const next = await Promise.race([events.next(), this.stopSignal]);
            if (next === 'stopped') return;
            if (next.done) throw new Error('EventStoreDB subscription ended by the server');
            failures = 0;
            const event = this.accept(next.value);
            if (!event || (from !== START && comparePositions(event.position, from) <= 0)) continue;
            from = event.position;
            yield event;
            if (this.stopped) return;
          }
        } catch (error) {
          if (this.stopped) return;
          this.onError(error);
          failures += 1;
          await Promise.race([new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** (failures - 1)))), this.stopSignal]);
        } finally {
          await subscription.unsubscribe().catch(() => {});
          await events.return?.().catch(() => {});
        }
      }
    } finally {
      await this.unsubscribe();
    }
  }
}

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`expected revision must be a non-negative integer, 'no_stream', 'stream_exists' or 'any'; got ${String(expected)}`);
      return BigInt(expected);
  }
}

export function fromEsdbRevision(revision: CurrentRevision): number {
  return revision === NO_STREAM ? -1 : Number(revision);
}

/**
 * The server filters on one of stream name or event type (by prefix): stream prefixes when
 * given, else event types; `matchesFilter` then applies the rest and makes type matches exact.
 */
export function serverSideFilter(filter: AllFilter | undefined): Filter {
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: filter.streamPrefixes });
  if (filter?.eventTypes?.length) return eventTypeFilter({ prefixes: filter.eventTypes });
  return excludeSystemEvents();
}

export function matchesFilter(event: Pick<RecordedEvent, 'streamId' | 'type'>, filter: AllFilter | undefined): boolean {
  if (filter?.streamPrefixes && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) return false;
  if (filter?.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  return true;
}

function isSystem(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}
