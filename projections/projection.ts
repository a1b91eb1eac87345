import type pg from 'pg';
import type { AllFilter, RecordedEvent } from '../src/shared/event-store/event-store.js';

/**
 * A projection keeps some read-model tables in step with the events that `filter` selects.
 * The projector calls it inside its batch transaction with `search_path` set to the target
 * schema, so SQL uses unqualified table names and the same code builds the live schema and a
 * rebuild. Effects must be idempotent (keyed by ids / event ids): the checkpoint written in the
 * same transaction already makes them once, idempotency is the second line of defence.
 */
export interface Projection {
  name: string;
  filter: AllFilter;
  /** Tables this projection owns; a rebuild compares exactly these. */
  tables: readonly string[];
  apply(client: pg.PoolClient, event: RecordedEvent): Promise<void>;
  /** Applies consecutive events (in global order) with as few round trips as possible. */
  applyBatch(client: pg.PoolClient, events: readonly RecordedEvent[]): Promise<void>;
}

/** Builds a projection from its batch function; applying one event is a batch of one. */
export function defineProjection(spec: Omit<Projection, 'apply'>): Projection {
  return { ...spec, apply: (client, event) => spec.applyBatch(client, [event]) };
}

/** Whether `event` passes `filter` (every list given must match), as the event store decides it. */
export function matchesFilter(filter: AllFilter, event: RecordedEvent): boolean {
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => event.streamId.startsWith(p))) return false;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  return true;
}

/**
 * One store-side filter that lets through every event at least one of `filters` wants (it may
 * let through more; the projector matches each projection's own filter again).
 */
export function unionFilter(filters: readonly AllFilter[]): AllFilter {
  const union: AllFilter = {};
  if (filters.length > 0 && filters.every((f) => f.streamPrefixes)) union.streamPrefixes = [...new Set(filters.flatMap((f) => f.streamPrefixes!))];
  if (filters.length > 0 && filters.every((f) => f.eventTypes)) union.eventTypes = [...new Set(filters.flatMap((f) => f.eventTypes!))];
  return union;
}
