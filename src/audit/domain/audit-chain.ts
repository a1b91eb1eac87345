import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../../shared/event-store/event-store.js';
import { canonicalJson } from './canonical-json.js';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the chain hashes of an event: all of it, positions as decimal strings, personal data sealed as stored. */
export function canonicalEvent(event: RecordedEvent): string {
  return canonicalJson({ ...event, position: { commit: String(event.position.commit), prepare: String(event.position.prepare) } });
}

/** hash = sha256(prevHash ‖ canonical event), hex. */
export function entryHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonical, 'utf8').digest('hex');
}

/** One audit row as stored: the hashed text, the chain links, and the columns copied from the event for filtering. */
export interface ChainEntry {
  seq: number;
  eventId: string;
  streamId: string;
  eventType: string;
  occurredAt: string;
  actorId: string;
  correlationId: string;
  causationId: string;
  /** The event's request metadata (sealed as stored), or null. */
  request: unknown;
  canonicalEvent: string;
  prevHash: string;
  hash: string;
}

export type BreakReason =
  /** No row holds this seq (deleted). */
  | 'missing'
  /** The row's prev_hash is not the hash of the entry before it. */
  | 'prev-hash'
  /** The row's hash is not sha256(previous hash ‖ its canonical event). */
  | 'hash'
  /** The stored text is not canonical JSON, or a copied column disagrees with the hashed event. */
  | 'columns';

export interface ChainBreak {
  seq: number;
  eventId: string | null;
  reason: BreakReason;
  expectedHash: string | null;
  storedHash: string | null;
}

/** Where a verification has got to: the last seq seen and its recomputed hash. */
export interface ChainCursor {
  seq: number;
  hash: string;
}

export const CHAIN_START: ChainCursor = { seq: 0, hash: GENESIS_HASH };

/**
 * Checks the next stored entry against the chain so far (seq runs 1, 2, 3… without gaps).
 * The expected hash is recomputed from the previous entry's *recomputed* hash, so the first
 * tampered row is the one reported, not its successor.
 */
export function checkEntry(cursor: ChainCursor, entry: ChainEntry): { cursor: ChainCursor } | { broken: ChainBreak } {
  const expectedHash = entryHash(cursor.hash, entry.canonicalEvent);
  if (entry.seq !== cursor.seq + 1) {
    return { broken: { seq: cursor.seq + 1, eventId: null, reason: 'missing', expectedHash: null, storedHash: null } };
  }
  const at = (reason: BreakReason): { broken: ChainBreak } => ({ broken: { seq: entry.seq, eventId: entry.eventId, reason, expectedHash, storedHash: entry.hash } });
  if (entry.prevHash !== cursor.hash) return at('prev-hash');
  if (entry.hash !== expectedHash) return at('hash');
  if (!columnsMatch(entry)) return at('columns');
  return { cursor: { seq: entry.seq, hash: expectedHash } };
}

/** The copied columns are what auditors filter on: they must say what the hashed event says. */
function columnsMatch(entry: ChainEntry): boolean {
  let event: RecordedEvent;
  try {
    event = JSON.parse(entry.canonicalEvent) as RecordedEvent;
  } catch {
    return false;
  }
  return (
    canonicalJson(event) === entry.canonicalEvent &&
    event.id === entry.eventId &&
    event.streamId === entry.streamId &&
    event.type === entry.eventType &&
    Date.parse(event.metadata.occurredAt) === Date.parse(entry.occurredAt) &&
    event.metadata.actor.id === entry.actorId &&
    event.metadata.correlationId === entry.correlationId &&
    event.metadata.causationId === entry.causationId &&
    canonicalJson(event.metadata.request ?? null) === canonicalJson(entry.request)
  );
}

/** The outcome of recomputing the whole chain: `entries` counts the rows found intact. */
export type AuditVerification = { ok: true; entries: number } | { ok: false; entries: number; broken: ChainBreak };
