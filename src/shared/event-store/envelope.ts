import type { DomainEvent } from '../domain/decider.js';
import type { EventMetadata, EventToAppend } from './event-store.js';

/**
 * Who is acting and why, passed to every command handler. Ids and time come in from the
 * outside (the HTTP layer or a process manager) so handlers stay deterministic in tests.
 */
export interface CommandContext {
  actor: { id: string; kind: 'user' | 'system' };
  /** Permissions the actor holds everywhere; handlers check these, never role names. */
  permissions: ReadonlySet<string>;
  /** Permissions held only on some sites (a hotelier's own hotels), by site id. */
  sitePermissions?: ReadonlyMap<string, ReadonlySet<string>>;
  correlationId: string;
  /** Id of the request or event that caused this command. */
  causationId: string;
  now: Date;
  request?: { ip?: string; userAgent?: string };
  /** Source of fresh uuids (event ids, entity ids). */
  newId: () => string;
}

/** Current schema version of every event type; bump it and add an upcaster when a shape changes. */
export const SCHEMA_VERSION = 1;

export function toEventsToAppend(events: DomainEvent[], ctx: CommandContext): EventToAppend[] {
  const metadata: EventMetadata = {
    schemaVersion: SCHEMA_VERSION,
    occurredAt: ctx.now.toISOString(),
    actor: ctx.actor,
    correlationId: ctx.correlationId,
    causationId: ctx.causationId,
    ...(ctx.request ? { request: ctx.request } : {}),
  };
  return events.map((e) => ({ id: ctx.newId(), type: e.type, data: e.data, metadata }));
}
