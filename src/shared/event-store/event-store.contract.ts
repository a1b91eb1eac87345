import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  START,
  WrongExpectedRevisionError,
  comparePositions,
  type AllSubscription,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type RecordedEvent,
} from './event-store.js';

/**
 * The behaviour every EventStore adapter must show (EventStoreDB semantics, revisions from 0).
 * Stream ids and event types carry a random suffix per test, so the suite also runs against a
 * shared EventStoreDB server that already holds other events.
 */
export function describeEventStoreContract(name: string, makeStore: () => Promise<{ store: EventStore; cleanup(): Promise<void> }>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    const append = (streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision) => store.appendToStream(streamId, events, { expectedRevision });

    async function expectWrongRevision(promise: Promise<unknown>, streamId: string, expected: ExpectedRevision, actual: number) {
      const error = await promise.then(
        () => {
          throw new Error(`append to ${streamId} with expected ${String(expected)} should have failed`);
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamId, expected, actual });
    }

    describe('appendToStream', () => {
      it('numbers a new stream from revision 0 and reports the next expected revision', async () => {
        const stream = uniqueStream('rev');
        const first = await append(stream, [anEvent('A'), anEvent('B')], 'no_stream');
        expect(first.nextExpectedRevision).toBe(1);
        const second = await append(stream, [anEvent('C')], 1);
        expect(second.nextExpectedRevision).toBe(2);
        expect(typeof second.position.commit).toBe('bigint');
        expect(typeof second.position.prepare).toBe('bigint');
        const read = await store.readStream(stream);
        expect(read.map((e) => [e.revision, e.type])).toEqual([
          [0, 'A'],
          [1, 'B'],
          [2, 'C'],
        ]);
        expect(read.every((e) => e.streamId === stream)).toBe(true);
      });

      it('no_stream: succeeds on a new stream, fails with the actual revision on an existing one', async () => {
        const stream = uniqueStream('nostream');
        await append(stream, [anEvent('A')], 'no_stream');
        await expectWrongRevision(append(stream, [anEvent('B')], 'no_stream'), stream, 'no_stream', 0);
      });

      it('stream_exists: fails with -1 on a missing stream, succeeds on an existing one', async () => {
        const stream = uniqueStream('exists');
        await expectWrongRevision(append(stream, [anEvent('A')], 'stream_exists'), stream, 'stream_exists', -1);
        await append(stream, [anEvent('A')], 'no_stream');
        const result = await append(stream, [anEvent('B'), anEvent('C')], 'stream_exists');
        expect(result.nextExpectedRevision).toBe(2);
      });

      it('any: succeeds whether or not the stream exists', async () => {
        const stream = uniqueStream('any');
        expect((await append(stream, [anEvent('A')], 'any')).nextExpectedRevision).toBe(0);
        expect((await append(stream, [anEvent('B'), anEvent('C')], 'any')).nextExpectedRevision).toBe(2);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('a numeric revision: succeeds when current, fails with the actual revision when stale or missing', async () => {
        const stream = uniqueStream('numeric');
        await expectWrongRevision(append(stream, [anEvent('A')], 0), stream, 0, -1);
        await append(stream, [anEvent('A'), anEvent('B'), anEvent('C')], 'no_stream');
        await expectWrongRevision(append(stream, [anEvent('D')], 1), stream, 1, 2);
        await expectWrongRevision(append(stream, [anEvent('D')], 7), stream, 7, 2);
        expect((await append(stream, [anEvent('D')], 2)).nextExpectedRevision).toBe(3);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      it('re-appending the same event ids at the same expected revision is an idempotent success', async () => {
        const stream = uniqueStream('idem');
        const first = [anEvent('A'), anEvent('B')];
        const created = await append(stream, first, 'no_stream');
        expect((await append(stream, first, 'no_stream')).nextExpectedRevision).toBe(created.nextExpectedRevision);

        const second = [anEvent('C')];
        const appended = await append(stream, second, 1);
        expect((await append(stream, second, 1)).nextExpectedRevision).toBe(appended.nextExpectedRevision);
        expect((await append(stream, second, 'any')).nextExpectedRevision).toBe(2);

        const read = await store.readStream(stream);
        expect(read.map((e) => e.id)).toEqual([...first, ...second].map((e) => e.id));
        // A stale revision with different events is still a conflict.
        await expectWrongRevision(append(stream, [anEvent('D')], 1), stream, 1, 2);
      });

      it('of concurrent appends at the same expected revision exactly one wins', async () => {
        const stream = uniqueStream('race');
        await append(stream, [anEvent('A')], 'no_stream');
        const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => append(stream, [anEvent(`Writer${i}`)], 0)));
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(4);
        for (const r of lost) {
          expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(r.reason).toMatchObject({ streamId: stream, expected: 0, actual: 1 });
        }
        expect(await store.readStream(stream)).toHaveLength(2);

        const fresh = uniqueStream('race-new');
        const creations = await Promise.allSettled(Array.from({ length: 5 }, () => append(fresh, [anEvent('Created')], 'no_stream')));
        expect(creations.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(fresh)).toHaveLength(1);
      });

      it('round-trips id, type, data and every metadata field', async () => {
        const stream = uniqueStream('meta');
        const event: EventToAppend = {
          id: randomUUID(),
          type: 'BookingRequested',
          data: { bookingId: 'b-1', participants: 4, resources: [{ id: 'projector', quantity: 1 }], note: 'café "quoted" \\ ✓', none: null },
          metadata: {
            schemaVersion: 3,
            occurredAt: '2031-05-06T07:08:09.123Z',
            actor: { id: 'user-42', kind: 'user' },
            correlationId: randomUUID(),
            causationId: randomUUID(),
            request: { ip: '203.0.113.9', userAgent: 'contract-test' },
          },
        };
        await append(stream, [event], 'no_stream');
        const [read] = await store.readStream(stream);
        expect(read).toMatchObject({ streamId: stream, revision: 0, id: event.id, type: event.type, data: event.data, metadata: event.metadata });
        expect(Number.isNaN(Date.parse(read!.recordedAt))).toBe(false);
      });
    });

    describe('readStream', () => {
      it('reads forwards and backwards, from a revision, up to a count; a missing stream is empty', async () => {
        const stream = uniqueStream('read');
        await append(stream, ['E0', 'E1', 'E2', 'E3', 'E4'].map((t) => anEvent(t)), 'no_stream');
        const types = (events: RecordedEvent[]) => events.map((e) => e.type);
        expect(types(await store.readStream(stream))).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
        expect(types(await store.readStream(stream, { fromRevision: 2 }))).toEqual(['E2', 'E3', 'E4']);
        expect(types(await store.readStream(stream, { fromRevision: 1, maxCount: 2 }))).toEqual(['E1', 'E2']);
        expect(types(await store.readStream(stream, { direction: 'backwards' }))).toEqual(['E4', 'E3', 'E2', 'E1', 'E0']);
        expect(types(await store.readStream(stream, { direction: 'backwards', maxCount: 2 }))).toEqual(['E4', 'E3']);
        expect(types(await store.readStream(stream, { direction: 'backwards', fromRevision: 2 }))).toEqual(['E2', 'E1', 'E0']);
        expect(await store.readStream(uniqueStream('missing'))).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('returns events in global order; fromPosition is exclusive; maxCount limits', async () => {
        const prefix = uniquePrefix('all');
        const a = `${prefix}a`;
        const b = `${prefix}b`;
        await append(a, [anEvent('A0'), anEvent('A1')], 'no_stream');
        await append(b, [anEvent('B0')], 'no_stream');
        await append(a, [anEvent('A2')], 1);
        const all = await store.readAll({ filter: { streamPrefixes: [prefix] } });
        expect(all.map((e) => e.type)).toEqual(['A0', 'A1', 'B0', 'A2']);
        for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBe(-1);

        const afterFirst = await store.readAll({ fromPosition: all[0]!.position, filter: { streamPrefixes: [prefix] } });
        expect(afterFirst.map((e) => e.type)).toEqual(['A1', 'B0', 'A2']);
        const page = await store.readAll({ fromPosition: all[1]!.position, maxCount: 1, filter: { streamPrefixes: [prefix] } });
        expect(page.map((e) => e.type)).toEqual(['B0']);
        expect(await store.readAll({ fromPosition: all[3]!.position, filter: { streamPrefixes: [prefix] } })).toEqual([]);
      });

      it('filters by stream prefixes, by event types (exact), and by both', async () => {
        const prefix = uniquePrefix('flt');
        const suffix = randomSuffix();
        const [placed, cancelled, placedV2] = [`Placed${suffix}`, `Cancelled${suffix}`, `Placed${suffix}V2`];
        await append(`${prefix}booking-1`, [anEvent(placed), anEvent(cancelled)], 'no_stream');
        await append(`${prefix}schedule-1`, [anEvent(placed)], 'no_stream');
        await append(`${prefix}other-1`, [anEvent(placedV2)], 'no_stream');

        const label = (events: RecordedEvent[]) => events.map((e) => `${e.streamId.slice(prefix.length)}:${e.type}`);
        expect(label(await store.readAll({ filter: { streamPrefixes: [`${prefix}booking-`, `${prefix}schedule-`] } }))).toEqual([
          `booking-1:${placed}`,
          `booking-1:${cancelled}`,
          `schedule-1:${placed}`,
        ]);
        expect(label(await store.readAll({ filter: { eventTypes: [placed] } }))).toEqual([`booking-1:${placed}`, `schedule-1:${placed}`]);
        expect(label(await store.readAll({ filter: { streamPrefixes: [`${prefix}booking-`], eventTypes: [cancelled, placedV2] } }))).toEqual([`booking-1:${cancelled}`]);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, then delivers live events, each once and in order', async () => {
        const prefix = uniquePrefix('sub');
        await append(`${prefix}a`, [anEvent('A0'), anEvent('A1')], 'no_stream');
        await append(`${prefix}b`, [anEvent('B0')], 'no_stream');
        const subscription = store.subscribeToAll({ fromPosition: START, filter: { streamPrefixes: [prefix] } });
        const seen = collect(subscription);
        await seen.until(3);
        await append(`${prefix}a`, [anEvent('A2'), anEvent('A3')], 1);
        await append(`${prefix}c`, [anEvent('C0')], 'no_stream');
        await seen.until(6);
        const sentinel = await append(`${prefix}z`, [anEvent('Sentinel')], 'no_stream');
        await seen.until(7);
        await subscription.unsubscribe();
        await seen.done;
        expect(seen.events.map((e) => e.type)).toEqual(['A0', 'A1', 'B0', 'A2', 'A3', 'C0', 'Sentinel']);
        expect(new Set(seen.events.map((e) => e.id)).size).toBe(7);
        expect(seen.events.at(-1)!.revision).toBe(0);
        expect(sentinel.nextExpectedRevision).toBe(0);
        for (let i = 1; i < seen.events.length; i++) expect(comparePositions(seen.events[i - 1]!.position, seen.events[i]!.position)).toBe(-1);
      });

      it('starts strictly after fromPosition and applies filters', async () => {
        const prefix = uniquePrefix('subfrom');
        const suffix = randomSuffix();
        await append(`${prefix}a`, [anEvent(`Old${suffix}`), anEvent(`Kept${suffix}`)], 'no_stream');
        const [first] = await store.readAll({ filter: { streamPrefixes: [prefix] }, maxCount: 1 });
        const subscription = store.subscribeToAll({ fromPosition: first!.position, filter: { streamPrefixes: [prefix], eventTypes: [`Kept${suffix}`] } });
        const seen = collect(subscription);
        await append(`${prefix}a`, [anEvent(`Skipped${suffix}`), anEvent(`Kept${suffix}`)], 1);
        await seen.until(2);
        await subscription.unsubscribe();
        await seen.done;
        expect(seen.events.map((e) => [e.streamId, e.revision])).toEqual([
          [`${prefix}a`, 1],
          [`${prefix}a`, 3],
        ]);
      });

      it('unsubscribe ends the iterator, also while it waits for new events', async () => {
        const prefix = uniquePrefix('unsub');
        const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
        const seen = collect(subscription);
        await append(`${prefix}a`, [anEvent('A0')], 'no_stream');
        await seen.until(1);
        await subscription.unsubscribe();
        await seen.done;
        expect(seen.events).toHaveLength(1);

        const idle = store.subscribeToAll({ filter: { streamPrefixes: [uniquePrefix('idle')] } });
        const idleSeen = collect(idle);
        await idle.unsubscribe();
        await idleSeen.done;
        expect(idleSeen.events).toEqual([]);
      });
    });
  });
}

export function randomSuffix(): string {
  return randomUUID().replaceAll('-', '').slice(0, 12);
}

function uniqueStream(kind: string): string {
  return `contract-${kind}-${randomSuffix()}`;
}

function uniquePrefix(kind: string): string {
  return `contract-${kind}-${randomSuffix()}-`;
}

const METADATA: EventMetadata = {
  schemaVersion: 1,
  occurredAt: '2030-01-01T00:00:00.000Z',
  actor: { id: 'contract-test', kind: 'system' },
  correlationId: '00000000-0000-4000-8000-000000000001',
  causationId: '00000000-0000-4000-8000-000000000002',
};

/** A valid event to append in tests, with a fresh id. */
export function anEvent(type: string): EventToAppend {
  return { id: randomUUID(), type, data: { type }, metadata: METADATA };
}

/** Runs a subscription in the background and collects what it yields. */
export function collect(subscription: AllSubscription) {
  const events: RecordedEvent[] = [];
  const done = (async () => {
    for await (const event of subscription) events.push(event);
  })();
  return {
    events,
    done,
    until: (count: number) => vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(count), { timeout: 15_000, interval: 5 }),
  };
}
