import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../shared/event-store/event-store.js';
import { canonicalEvent, CHAIN_START, checkEntry, entryHash, GENESIS_HASH, type ChainCursor, type ChainEntry } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';

const event = (n: number): RecordedEvent => ({
  streamId: 'booking-b1', revision: n, position: { commit: 10n + BigInt(n), prepare: 7n }, id: `e-${n}`, type: 'BookingConfirmed', data: { z: 1, a: [{ y: 2, b: 3 }] },
  metadata: { schemaVersion: 1, occurredAt: '2026-03-01T09:00:00.000Z', actor: { id: 'u-1', kind: 'user' }, correlationId: 'c-1', causationId: 'k-1' },
  recordedAt: '2026-03-01T09:00:00.010Z',
});

/** A well-formed chain of `count` entries. */
function chain(count: number): ChainEntry[] {
  let prevHash = GENESIS_HASH;
  return Array.from({ length: count }, (_, i) => {
    const e = event(i);
    const canonical = canonicalEvent(e);
    const hash = entryHash(prevHash, canonical);
    const entry: ChainEntry = {
      seq: i + 1, eventId: e.id, streamId: e.streamId, eventType: e.type, occurredAt: e.metadata.occurredAt, actorId: 'u-1', correlationId: 'c-1', causationId: 'k-1',
      request: null, canonicalEvent: canonical, prevHash, hash,
    };
    prevHash = hash;
    return entry;
  });
}

function verify(entries: ChainEntry[]) {
  let cursor: ChainCursor = CHAIN_START;
  for (const entry of entries) {
    const checked = checkEntry(cursor, entry);
    if ('broken' in checked) return checked.broken;
    cursor = checked.cursor;
  }
  return cursor;
}

describe('audit hash chain', () => {
  it('writes canonical JSON with keys sorted at every depth, whatever order they were built in', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ f: 1, e: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[{"e":2,"f":1}]},"b":1}');
    expect(canonicalEvent(event(1))).toBe(canonicalJson(JSON.parse(canonicalEvent(event(1)))));
    expect(JSON.parse(canonicalEvent(event(1))).position).toEqual({ commit: '11', prepare: '7' });
  });

  it('hashes sha256(previous hash ‖ canonical event)', () => {
    expect(entryHash(GENESIS_HASH, '{}')).toBe(createHash('sha256').update(`${GENESIS_HASH}{}`).digest('hex'));
  });

  it('accepts an intact chain', () => {
    const entries = chain(5);
    expect(verify(entries)).toEqual({ seq: 5, hash: entries[4]!.hash });
  });

  it('reports the entry whose event was changed, not its successor', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, canonicalEvent: entries[2]!.canonicalEvent.replace('BookingConfirmed', 'BookingCancelled') };
    expect(verify(entries)).toMatchObject({ seq: 3, eventId: 'e-2', reason: 'hash', storedHash: entries[2]!.hash });
  });

  it('reports a copied column that disagrees with the hashed event', () => {
    const entries = chain(3);
    entries[1] = { ...entries[1]!, actorId: 'someone-else' };
    expect(verify(entries)).toMatchObject({ seq: 2, reason: 'columns' });
  });

  it('reports a removed entry at its seq', () => {
    const entries = chain(5);
    entries.splice(3, 1);
    expect(verify(entries)).toMatchObject({ seq: 4, eventId: null, reason: 'missing' });
  });

  it('reports a rewritten entry (event and hash) at the next entry, whose link no longer holds', () => {
    const entries = chain(4);
    const canonical = entries[1]!.canonicalEvent.replace('"z":1', '"z":2');
    entries[1] = { ...entries[1]!, canonicalEvent: canonical, hash: entryHash(entries[1]!.prevHash, canonical) };
    expect(verify(entries)).toMatchObject({ seq: 3, reason: 'prev-hash' });
  });
});
