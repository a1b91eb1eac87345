import type { Sealed } from '../domain/sealed.js';

/**
 * The event store port. It mirrors EventStoreDB semantics so the EventStoreDB adapter stays
 * thin and one contract suite (test/event-store.contract.ts) runs against every adapter.
 *
 * Revision numbering (one contract for both stores): the first event of a stream has
 * revision 0; a stream that does not exist has no revision. ETags and numeric expected
 * revisions use this numbering: `expectedRevision: 4` means "the last event is revision 4".
 */

export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

/**
 * A position in `$all`. Ordering is lexicographic on (commit, prepare), as in EventStoreDB.
 * The PostgreSQL adapter uses commit = writing transaction id (xid8), prepare = sequence value.
 */
export interface Position {
  commit: bigint;
  prepare: bigint;
}

export const START: 'start' = 'start';
export type FromPosition = Position | typeof START;

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Who did it, when, and why: required on every event (DESIGN.md invariant 5). */
export interface EventMetadata {
  schemaVersion: number;
  /** ISO-8601 instant at which the fact happened (from the command's clock, not the store's). */
  occurredAt: string;
  actor: { id: string; kind: 'user' | 'system' };
  correlationId: string;
  causationId: string;
  /**
   * Optional request context (never secrets). Where the actor is a person it is stored sealed
   * with their key (IP addresses are personal data), so it is erased with them.
   */
  request?: RequestMetadata;
}

export interface RequestMetadata {
  ip?: string;
  userAgent?: string;
  /** `{ ip, userAgent }` sealed with the actor's key, in place of the plain fields. */
  sealed?: Sealed;
}

export interface EventToAppend<Data = unknown> {
  /** uuid; appending an event id that is already in the stream is an idempotent no-op. */
  id: string;
  type: string;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Data = unknown> {
  streamId: string;
  revision: number;
  position: Position;
  id: string;
  type: string;
  data: Data;
  metadata: EventMetadata;
  /** When the store recorded it. */
  recordedAt: string;
}

export interface AppendResult {
  nextExpectedRevision: number;
  position: Position;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  maxCount?: number;
  direction?: 'forwards' | 'backwards';
}

/** Either or both: a stream-id prefix list and/or an event-type list. An event passes if it matches every given list. */
export interface AllFilter {
  streamPrefixes?: string[];
  eventTypes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. */
  fromPosition?: FromPosition;
  maxCount?: number;
  filter?: AllFilter;
}

export interface SubscribeOptions {
  fromPosition?: FromPosition;
  filter?: AllFilter;
}

/**
 * A catch-up-then-live subscription to `$all`: it yields every matching event after
 * `fromPosition` in global order, then follows new ones. Stop it with `unsubscribe()`;
 * the iterator then ends.
 */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  unsubscribe(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Current revision, or -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
  }
}

export interface EventStore {
  appendToStream(streamId: string, events: EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /** Events of one stream; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** A batch of `$all` in global order; only events no subscriber could ever see out of order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): AllSubscription;
  close(): Promise<void>;
}


/** One stream's part of an atomic multi-stream append. */
export interface StreamAppend {
  streamId: string;
  events: EventToAppend[];
  expectedRevision: ExpectedRevision;
}

/** Optional capability: read several whole streams in one round trip (missing streams map to []). */
export interface MultiStreamRead {
  readStreams(streamIds: string[]): Promise<Map<string, RecordedEvent[]>>;
}

/** Several whole streams: in one call where the store can, otherwise one read per stream in parallel. */
export async function readStreams(store: EventStore, streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
  const unique = [...new Set(streamIds)];
  if (typeof (store as Partial<MultiStreamRead>).readStreams === 'function') return (store as EventStore & MultiStreamRead).readStreams(unique);
  return new Map(await Promise.all(unique.map(async (id) => [id, await store.readStream(id)] as const)));
}

/**
 * Optional capability: append to several streams all-or-nothing. The PostgreSQL adapter has it
 * (one transaction); EventStoreDB has no multi-stream transaction, and nothing may depend on it:
 * the placement protocol is correct without it and uses it only to do the same work in one commit.
 * A wrong expected revision on any stream throws WrongExpectedRevisionError and appends nothing.
 */
export interface AtomicMultiStreamAppend {
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]>;
}

export function canAppendAtomically(store: EventStore): store is EventStore & AtomicMultiStreamAppend {
  return typeof (store as Partial<AtomicMultiStreamAppend>).appendToStreams === 'function';
}
