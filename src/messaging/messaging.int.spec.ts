import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import type { EventMetadata, Position } from '../shared/event-store/event-store.js';
import { ensureEventStoreSchema } from '../shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../shared/event-store/postgres/postgres-event-store.js';
import { runConsumer, type ConsumerOptions, type RunningConsumer } from './consumer.js';
import { CONTEXT_TOPICS, messageToEvent } from './event-message.js';
import { InProcessBus } from './in-process-bus.js';
import { HEADERS, type Message } from './message.js';
import type { MessagePublisher } from './message-bus.js';
import { ensureMessagingSchema } from './messaging-schema.js';
import { Relay } from './relay.js';

const FAST = { initialMs: 1, maxMs: 5 };

describe('relay → in-process bus → consumer', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  let bus: InProcessBus;
  const running: { stop(): Promise<void> }[] = [];

  beforeEach(async () => {
    db = await createTestDatabase('messaging');
    pool = new pg.Pool({ connectionString: db.url, max: 12 });
    await ensureEventStoreSchema(pool);
    await ensureMessagingSchema(pool);
    // Deliberately not idempotent: a second application of an event shows as a second row.
    await pool.query('CREATE TABLE effects (seq bigserial PRIMARY KEY, event_id text NOT NULL, stream_id text NOT NULL, revision int NOT NULL)');
    store = new PostgresEventStore(pool, { onSubscriptionError: () => {} });
    bus = new InProcessBus(pool, { partitions: 3, pollMs: 50, redeliveryBackoff: FAST });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    await store.close();
    await pool.end();
    await db.drop();
  });

  const metadata = (): EventMetadata => ({
    schemaVersion: 1,
    occurredAt: '2026-03-01T09:00:00.000Z',
    actor: { id: 'user-1', kind: 'user' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
  });
  /** `perStream` events on each stream, interleaved across streams; the position of the last. */
  const record = async (streams: string[], perStream: number): Promise<Position> => {
    let position!: Position;
    for (let n = 0; n < perStream; n++) {
      for (const stream of streams) {
        ({ position } = await store.appendToStream(stream, [{ id: randomUUID(), type: 'Happened', data: { n }, metadata: metadata() }], { expectedRevision: 'any' }));
      }
    }
    return position;
  };
  const relay = async (publisher: MessagePublisher = bus) => {
    const r = new Relay({ store, pool, publisher, batchSize: 4, backoff: FAST });
    await r.start();
    running.push(r);
    return r;
  };
  const consumer = async (options: Partial<ConsumerOptions> = {}): Promise<RunningConsumer> => {
    const c = await runConsumer({
      name: 'effects',
      topics: CONTEXT_TOPICS,
      source: bus,
      publisher: bus,
      pool,
      retries: { attempts: 3, backoff: FAST },
      handle: async (message, client) => {
        await client.query('INSERT INTO effects (event_id, stream_id, revision) VALUES ($1, $2, $3)', [
          message.headers[HEADERS.eventId], message.key, Number(message.headers[HEADERS.revision]),
        ]);
      },
      ...options,
    });
    running.push(c);
    return c;
  };
  const effects = async () => (await pool.query<{ event_id: string; stream_id: string; revision: number }>('SELECT event_id, stream_id, revision FROM effects ORDER BY seq')).rows;
  const relayedEventIds = async () => (await store.readAll({ maxCount: 10_000 })).filter((e) => !e.streamId.startsWith('person-')).map((e) => e.id);
  const eventually = async (done: () => Promise<boolean>) => {
    while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const untilEffects = (count: number) => eventually(async () => (await effects()).length >= count);

  /** Every relayed event applied exactly once, and each stream's events in revision order. */
  const expectEachEffectOnceInOrder = async () => {
    const rows = await effects();
    expect(rows.map((r) => r.event_id).sort()).toEqual((await relayedEventIds()).sort());
    for (const stream of new Set(rows.map((r) => r.stream_id))) {
      const applied = rows.filter((r) => r.stream_id === stream);
      expect(applied.map((r) => r.revision)).toEqual(applied.map((_, i) => i));
    }
  };

  const streams = ['booking-1', 'booking-2', 'schedule-room-a-2026-03-01', 'space-a', 'user-7', 'role-auditor'];

  it('delivers every event once, in order per key, with the documented topic, key and headers', async () => {
    await record([...streams, 'person-1'], 5);
    const r = await relay();
    const c = await consumer();
    await untilEffects(streams.length * 5);
    await expectEachEffectOnceInOrder();
    expect(r.stats().eventsSkipped).toBe(5);

    const { rows } = await pool.query<{ topic: string; key: string; headers: Record<string, string>; value: Buffer }>(
      `SELECT topic, key, headers, value FROM messaging.bus_messages WHERE key = 'booking-2' ORDER BY message_offset LIMIT 1`,
    );
    const [first] = await store.readStream('booking-2', { maxCount: 1 });
    expect(rows[0]!.topic).toBe('reserva.booking');
    expect(rows[0]!.headers).toEqual({
      'event-type': 'Happened', 'event-id': first!.id, 'schema-version': '1', 'correlation-id': first!.metadata.correlationId, 'stream-id': 'booking-2', revision: '0',
    });
    expect(messageToEvent(rows[0]!)).toEqual(first);
    const topics = (await pool.query<{ topic: string }>('SELECT DISTINCT topic FROM messaging.bus_messages ORDER BY topic')).rows.map((t) => t.topic);
    expect(topics).toEqual(['reserva.booking', 'reserva.catalog', 'reserva.identity', 'reserva.scheduling']);
    await eventually(async () => (await c.lag()).every((p) => p.lag === 0));
  });

  it('duplicates no effect when the relay crashes after publishing and before its checkpoint', async () => {
    // The first publish is acknowledged by the bus but its acknowledgement is "lost": the relay
    // starts over from its checkpoint and publishes the batch again.
    let calls = 0;
    const lostAck: MessagePublisher = {
      publish: async (messages) => {
        await bus.publish(messages);
        if (++calls === 1) throw new Error('connection lost before the acknowledgement');
      },
    };
    await record(streams, 3);
    const first = await relay(lostAck);
    await consumer();
    await untilEffects(streams.length * 3);
    await first.stop();
    // A new relay process resumes from the stored checkpoint.
    const position = await record(streams, 2);
    const second = await relay();
    await second.waitForCheckpoint(position);
    await untilEffects(streams.length * 5);

    const published = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM messaging.bus_messages')).rows[0]!.n;
    expect(published).toBeGreaterThan(streams.length * 5);
    await expectEachEffectOnceInOrder();
  });

  it('loses nothing when the publisher fails every other call', async () => {
    let calls = 0;
    const flaky: MessagePublisher = {
      publish: async (messages) => {
        if (++calls % 2 === 1) throw new Error('broker unavailable');
        await bus.publish(messages);
      },
    };
    await record(streams, 4);
    const r = await relay(flaky);
    await consumer();
    await untilEffects(streams.length * 4);
    await expectEachEffectOnceInOrder();
    expect(r.stats().restarts).toBeGreaterThan(0);
  });

  it('parks a poison message on <topic>.dlq after the retries and processes later messages', async () => {
    await record(['booking-1'], 1);
    const [poison] = await store.readStream('booking-1');
    await record(['booking-1', 'booking-2'], 3);
    const tries: string[] = [];
    await relay();
    const c = await consumer({
      handle: async (message, client) => {
        tries.push(message.headers[HEADERS.eventId]!);
        if (message.headers[HEADERS.eventId] === poison!.id) throw new Error('cannot apply this one');
        await client.query('INSERT INTO effects (event_id, stream_id, revision) VALUES ($1, $2, $3)', [message.headers[HEADERS.eventId], message.key, Number(message.headers[HEADERS.revision])]);
      },
    });
    await untilEffects(6);

    expect(tries.filter((id) => id === poison!.id)).toHaveLength(3);
    const dead = (await pool.query<{ key: string; headers: Record<string, string> }>(`SELECT key, headers FROM messaging.bus_messages WHERE topic = 'reserva.booking.dlq'`)).rows;
    expect(dead).toHaveLength(1);
    expect(dead[0]!.key).toBe('booking-1');
    expect(dead[0]!.headers).toMatchObject({ 'event-id': poison!.id, error: 'Error: cannot apply this one', 'failed-consumer': 'effects', 'source-topic': 'reserva.booking' });
    expect((await effects()).map((e) => e.event_id)).not.toContain(poison!.id);
    expect(c.stats()).toMatchObject({ processed: 6, deadLettered: 1 });
  });

  it('changes nothing when already processed messages are delivered again', async () => {
    await record(streams, 3);
    await relay();
    const first = await consumer();
    await untilEffects(streams.length * 3);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    // As after a crash before the offsets were committed: the group reads from the start again.
    await pool.query(`UPDATE messaging.bus_offsets SET next_offset = 0 WHERE consumer_group = 'effects'`);

    const again = await consumer();
    await eventually(async () => again.stats().duplicatesSkipped === streams.length * 3);
    expect(await effects()).toHaveLength(streams.length * 3);
    expect(again.stats().processed).toBe(0);
  });

  it('commits what was processed on a graceful stop, so a restart resumes after it; lag counts what is left', async () => {
    await record(streams, 2);
    await relay();
    const first = await consumer();
    await untilEffects(streams.length * 2);
    await eventually(async () => (await first.lag()).every((p) => p.lag === 0));
    await first.stop();
    running.splice(running.indexOf(first), 1);

    await record(streams, 1);
    await eventually(async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM messaging.bus_messages')).rows[0]!.n === streams.length * 3);
    expect((await first.lag()).reduce((sum, p) => sum + p.lag, 0)).toBe(streams.length);

    const second = await consumer();
    await untilEffects(streams.length * 3);
    await eventually(async () => (await second.lag()).every((p) => p.lag === 0));
    expect(second.stats()).toMatchObject({ processed: streams.length, duplicatesSkipped: 0 });
    await expectEachEffectOnceInOrder();
  });
});
