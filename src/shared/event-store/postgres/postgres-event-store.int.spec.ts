import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { anEvent, collect, describeEventStoreContract, randomSuffix } from '../event-store.contract.js';
import { comparePositions, WrongExpectedRevisionError, type RecordedEvent } from '../event-store.js';
import { ensureEventStoreSchema } from './event-store-schema.js';
import { PostgresEventStore } from './postgres-event-store.js';

describeEventStoreContract('PostgreSQL', async () => {
  const db = await createTestDatabase('es_contract');
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  await ensureEventStoreSchema(pool);
  const store = new PostgresEventStore(pool);
  return {
    store,
    async cleanup() {
      await store.close();
      await pool.end();
      await db.drop();
    },
  };
});

describe('PostgresEventStore', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  const clients: pg.Client[] = [];

  async function openClient(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    db = await createTestDatabase('es_pg');
    pool = new pg.Pool({ connectionString: db.url, max: 20 });
    await ensureEventStoreSchema(pool);
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await store?.close();
    await pool?.end();
    await db?.drop();
  });

  it('creates its schema idempotently, also when several processes start at once', async () => {
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: db.url, max: 1 }));
    try {
      await Promise.all(pools.map((p) => ensureEventStoreSchema(p, 'es_concurrent')));
      await ensureEventStoreSchema(pools[0]!, 'es_concurrent');
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    const other = new PostgresEventStore(pool, { schema: 'es_concurrent' });
    const stream = `schema-${randomSuffix()}`;
    await other.appendToStream(stream, [anEvent('InOtherSchema')], { expectedRevision: 'no_stream' });
    expect(await store.readStream(stream)).toEqual([]);
    expect(await other.readStream(stream)).toHaveLength(1);
  });

  it('reports the position of the last appended event; one append shares a commit id, positions follow revisions', async () => {
    const stream = `pos-${randomSuffix()}`;
    const result = await store.appendToStream(stream, Array.from({ length: 10 }, (_, i) => anEvent(`E${i}`)), { expectedRevision: 'no_stream' });
    const events = await store.readStream(stream);
    expect(result.position).toEqual(events.at(-1)!.position);
    expect(new Set(events.map((e) => e.position.commit)).size).toBe(1);
    for (let i = 1; i < events.length; i++) expect(events[i]!.position.prepare).toBeGreaterThan(events[i - 1]!.position.prepare);
    const checked = await store.appendToStream(stream, [], { expectedRevision: 9 });
    expect(checked).toEqual({ nextExpectedRevision: 9, position: result.position });
  });

  it('keeps events immutable: updates, deletes and truncation of the log are refused (invariant 2)', async () => {
    const stream = `immutable-${randomSuffix()}`;
    await store.appendToStream(stream, [anEvent('A')], { expectedRevision: 'no_stream' });
    await expect(pool.query(`UPDATE eventstore.events SET data = '{}' WHERE stream_id = $1`, [stream])).rejects.toThrow(/immutable/);
    await expect(pool.query(`DELETE FROM eventstore.events WHERE stream_id = $1`, [stream])).rejects.toThrow(/immutable/);
    await expect(pool.query(`TRUNCATE eventstore.events`)).rejects.toThrow(/immutable/);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A']);
  });

  it('appends to several streams all or nothing', async () => {
    const [a, b] = [`multi-a-${randomSuffix()}`, `multi-b-${randomSuffix()}`];
    await store.appendToStream(b, [anEvent('B0')], { expectedRevision: 'no_stream' });
    await expect(
      store.appendToStreams([
        { streamId: a, events: [anEvent('A0')], expectedRevision: 'no_stream' },
        { streamId: b, events: [anEvent('B1')], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toMatchObject({ streamId: b, actual: 0 });
    expect(await store.readStream(a)).toEqual([]);
    const results = await store.appendToStreams([
      { streamId: a, events: [anEvent('A0')], expectedRevision: 'no_stream' },
      { streamId: b, events: [anEvent('B1')], expectedRevision: 0 },
    ]);
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1]);
    expect(results[0]!.position.commit).toBe(results[1]!.position.commit);
  });

  it('rejects a negative or fractional expected revision', async () => {
    await expect(store.appendToStream(`bad-${randomSuffix()}`, [anEvent('A')], { expectedRevision: -1 })).rejects.toThrow(RangeError);
    await expect(store.appendToStream(`bad-${randomSuffix()}`, [anEvent('A')], { expectedRevision: 1.5 })).rejects.toThrow(RangeError);
  });

  it('upcasts old event shapes on every read path', async () => {
    const upcasting = new PostgresEventStore(pool, {
      upcast: (e) => (e.type === 'RoomNamedV1' ? { ...e, type: 'RoomNamedV2', data: { name: (e.data as { title: string }).title } } : e),
    });
    const prefix = `upcast-${randomSuffix()}-`;
    await store.appendToStream(`${prefix}1`, [{ ...anEvent('RoomNamedV1'), data: { title: 'Aurora' } }], { expectedRevision: 'no_stream' });
    const expected = { type: 'RoomNamedV2', data: { name: 'Aurora' } };
    expect((await upcasting.readStream(`${prefix}1`))[0]).toMatchObject(expected);
    expect((await upcasting.readAll({ filter: { streamPrefixes: [prefix] } }))[0]).toMatchObject(expected);
    const subscription = upcasting.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    const seen = collect(subscription);
    await seen.until(1);
    await subscription.unsubscribe();
    expect(seen.events[0]).toMatchObject(expected);
  });

  it('never delivers an event past an older transaction that is still open, then delivers both in order', async () => {
    const prefix = `gap-${randomSuffix()}-`;
    const filter = { streamPrefixes: [prefix] };
    const subscription = store.subscribeToAll({ filter });
    const seen = collect(subscription);

    const slow = await openClient();
    await slow.query('BEGIN');
    const first = anEvent('FirstWrittenLastCommitted');
    const second = anEvent('WrittenLaterCommittedFirst');
    try {
      await store.appendToStreamIn(slow, `${prefix}slow`, [first], { expectedRevision: 'no_stream' });
      await store.appendToStream(`${prefix}fast`, [second], { expectedRevision: 'no_stream' });

      expect(await store.readStream(`${prefix}fast`)).toHaveLength(1);
      expect(await store.readAll({ filter })).toEqual([]);
      // Several poll cycles (and the in-process wake-up of the second append) pass without delivery.
      await sleep(300);
      expect(seen.events).toEqual([]);
    } finally {
      // An open transaction would hold back every later reader of $all.
      await slow.query('COMMIT');
    }
    await seen.until(2);
    await subscription.unsubscribe();
    await seen.done;
    expect(seen.events.map((e) => e.id)).toEqual([first.id, second.id]);
    expect((await store.readAll({ filter })).map((e) => e.id)).toEqual([first.id, second.id]);
  });

  it('under concurrent writers committing out of order, a subscriber gets exactly the committed events, once, in increasing positions', async () => {
    const prefix = `stress-${randomSuffix()}-`;
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    const seen = collect(subscription);
    const committed: string[] = [];

    async function writer(index: number): Promise<void> {
      const client = await openClient();
      for (let i = 0; i < 60; i++) {
        const stream = `${prefix}${Math.floor(Math.random() * 12)}`;
        const events = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => anEvent(`W${index}`));
        if (i % 4 === 0) {
          await store.appendToStream(stream, events, { expectedRevision: 'any' });
          committed.push(...events.map((e) => e.id));
          continue;
        }
        await client.query('BEGIN');
        await store.appendToStreamIn(client, stream, events, { expectedRevision: 'any' });
        await sleep(Math.random() * 4);
        if (Math.random() < 0.1) {
          await client.query('ROLLBACK');
        } else {
          await client.query('COMMIT');
          committed.push(...events.map((e) => e.id));
        }
      }
    }
    await Promise.all(Array.from({ length: 8 }, (_, i) => writer(i)));
    const sentinel = anEvent('Sentinel');
    await store.appendToStream(`${prefix}end`, [sentinel], { expectedRevision: 'no_stream' });
    await seen.until(committed.length + 1);
    await subscription.unsubscribe();
    await seen.done;

    const ids = seen.events.map((e) => e.id);
    expect(ids.at(-1)).toBe(sentinel.id);
    expect(ids).toHaveLength(committed.length + 1);
    expect(new Set(ids)).toEqual(new Set([...committed, sentinel.id]));
    for (let i = 1; i < seen.events.length; i++) expect(comparePositions(seen.events[i - 1]!.position, seen.events[i]!.position)).toBe(-1);
    const all: RecordedEvent[] = await store.readAll({ filter: { streamPrefixes: [prefix] } });
    expect(all.map((e) => e.id)).toEqual(ids);
  });

  it('appends to different streams inside open transactions without waiting for each other (no global lock)', async () => {
    const prefix = `nolock-${randomSuffix()}-`;
    const writers = await Promise.all(Array.from({ length: 8 }, () => openClient()));
    for (const [i, client] of writers.entries()) {
      await client.query('BEGIN');
      // A global lock would make this wait for the transactions opened before it; fail instead of hanging.
      await client.query(`SET LOCAL lock_timeout = '5s'`);
      await store.appendToStreamIn(client, `${prefix}${i}`, [anEvent('Parallel')], { expectedRevision: 'no_stream' });
    }
    await Promise.all(writers.map((client) => client.query('COMMIT')));
    expect(await store.readAll({ filter: { streamPrefixes: [prefix] } })).toHaveLength(8);
  });

  it('a wrong expected revision inside a caller transaction leaves that transaction usable', async () => {
    const stream = `tx-${randomSuffix()}`;
    await store.appendToStream(stream, [anEvent('A')], { expectedRevision: 'no_stream' });
    const client = await openClient();
    await client.query('BEGIN');
    await expect(store.appendToStreamIn(client, stream, [anEvent('B')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await store.appendToStreamIn(client, stream, [anEvent('B')], { expectedRevision: 0 });
    await client.query('COMMIT');
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
  });

  it('keeps a subscription alive through failing polls and resumes where it was', async () => {
    const errors: unknown[] = [];
    const resilient = new PostgresEventStore(pool, { onSubscriptionError: (error) => errors.push(error) });
    const prefix = `retry-${randomSuffix()}-`;
    await store.appendToStream(`${prefix}a`, [anEvent('Before')], { expectedRevision: 'no_stream' });
    const subscription = resilient.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    const seen = collect(subscription);
    await seen.until(1);

    await pool.query('ALTER TABLE eventstore.events RENAME TO events_away');
    try {
      await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
    } finally {
      await pool.query('ALTER TABLE eventstore.events_away RENAME TO events');
    }
    await store.appendToStream(`${prefix}a`, [anEvent('After')], { expectedRevision: 0 });
    await seen.until(2);
    await subscription.unsubscribe();
    await seen.done;
    expect(seen.events.map((e) => e.type)).toEqual(['Before', 'After']);
  });
});
