import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { startTcpProxy } from '../../test/support/tcp-proxy.js';
import type { EventMetadata, Position } from '../shared/event-store/event-store.js';
import { ensureEventStoreSchema } from '../shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../shared/event-store/postgres/postgres-event-store.js';
import type { Backoff } from './backoff.js';
import { runConsumer, type ConsumerOptions, type RunningConsumer } from './consumer.js';
import { CONTEXT_TOPICS, eventToMessage, messageToEvent } from './event-message.js';
import { HEADERS, type ConsumedMessage, type Message } from './message.js';
import type { MessagePublisher, MessageSource } from './message-bus.js';
import { ensureMessagingSchema } from './messaging-schema.js';
import { Relay } from './relay.js';

export const FAST: Backoff = { initialMs: 1, maxMs: 5 };

/** A message bus as one test sees it, with the means to look into it that the scenarios need. */
export interface BusUnderTest {
  publisher: MessagePublisher;
  source: MessageSource;
  /** The name this test uses for a topic or a consumer group (a shared broker needs fresh ones per test). */
  name(name: string): string;
  /** A topic's messages, in offset order per partition. */
  read(topic: string): Promise<Message[]>;
  /** The test's topics that hold at least one message, as the names given to `name`. */
  topicsWithMessages(): Promise<string[]>;
  /** Messages in all of the test's topics. */
  messageCount(): Promise<number>;
  /** Makes a group (with no running member) read its topics from the start again, as after a crash before any commit. */
  rewind(group: string, topics: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** The relay → bus → consumer scenarios, run against each transport (in-process bus, Kafka). */
export function describeMessagingScenarios(transport: string, setUp: (pool: pg.Pool) => Promise<BusUnderTest>): void {
  describe(`relay → ${transport} → consumer`, () => {
    let db: TestDatabase;
    let pool: pg.Pool;
    let store: PostgresEventStore;
    let bus: BusUnderTest;
    let topics: string[];
    let consumerName: string;
    const running: { stop(): Promise<void> }[] = [];

    beforeEach(async () => {
      db = await createTestDatabase('messaging');
      pool = new pg.Pool({ connectionString: db.url, max: 12 });
      await ensureEventStoreSchema(pool);
      await ensureMessagingSchema(pool);
      // Deliberately not idempotent: a second application of an event shows as a second row.
      await pool.query('CREATE TABLE effects (seq bigserial PRIMARY KEY, event_id text NOT NULL, stream_id text NOT NULL, revision int NOT NULL)');
      store = new PostgresEventStore(pool, { onSubscriptionError: () => {} });
      bus = await setUp(pool);
      topics = CONTEXT_TOPICS.map((t) => bus.name(t));
      consumerName = bus.name('effects');
    });
    afterEach(async () => {
      // Guarded: a test skipped in an earlier hook (no broker) never set these up.
      await Promise.all(running.splice(0).map((r) => r.stop()));
      await bus?.close();
      await store?.close();
      await pool?.end();
      await db?.drop();
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
    const relay = async (publisher: MessagePublisher = bus.publisher) => {
      const toMessage = (event: Parameters<typeof eventToMessage>[0]) => {
        const message = eventToMessage(event);
        return message && { ...message, topic: bus.name(message.topic) };
      };
      const r = new Relay({ store, pool, publisher, batchSize: 4, backoff: FAST, toMessage });
      await r.start();
      running.push(r);
      return r;
    };
    const consumer = async (options: Partial<ConsumerOptions> = {}): Promise<RunningConsumer> => {
      const c = await runConsumer({
        name: consumerName,
        topics,
        source: bus.source,
        publisher: bus.publisher,
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

      const [message] = (await bus.read(bus.name('reserva.booking'))).filter((m) => m.key === 'booking-2');
      const [first] = await store.readStream('booking-2', { maxCount: 1 });
      expect(message!.headers).toEqual({
        'event-type': 'Happened', 'event-id': first!.id, 'schema-version': '1', 'correlation-id': first!.metadata.correlationId, 'stream-id': 'booking-2', revision: '0',
      });
      expect(messageToEvent(message!)).toEqual(first);
      expect(await bus.topicsWithMessages()).toEqual(['reserva.booking', 'reserva.catalog', 'reserva.identity', 'reserva.scheduling']);
      await eventually(async () => (await c.lag()).every((p) => p.lag === 0));
    });

    it('duplicates no effect when the relay crashes after publishing and before its checkpoint', async () => {
      // The first publish is acknowledged by the bus but its acknowledgement is "lost": the relay
      // starts over from its checkpoint and publishes the batch again.
      let calls = 0;
      const lostAck: MessagePublisher = {
        publish: async (messages) => {
          await bus.publisher.publish(messages);
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

      expect(await bus.messageCount()).toBeGreaterThan(streams.length * 5);
      await expectEachEffectOnceInOrder();
    });

    it('loses nothing when the publisher fails every other call', async () => {
      let calls = 0;
      const flaky: MessagePublisher = {
        publish: async (messages) => {
          if (++calls % 2 === 1) throw new Error('broker unavailable');
          await bus.publisher.publish(messages);
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
      const dead = await bus.read(bus.name('reserva.booking.dlq'));
      expect(dead).toHaveLength(1);
      expect(dead[0]!.key).toBe('booking-1');
      expect(dead[0]!.headers).toMatchObject({ 'event-id': poison!.id, error: 'Error: cannot apply this one', 'failed-consumer': consumerName, 'source-topic': bus.name('reserva.booking') });
      expect((await effects()).map((e) => e.event_id)).not.toContain(poison!.id);
      expect(c.stats()).toMatchObject({ processed: 6, deadLettered: 1 });
    });

    it('applies the messages around one that fails for a while once and in order, retrying only that one', async () => {
      await record(['booking-1', 'booking-2'], 2);
      const [, flaky] = await store.readStream('booking-1');
      const position = await record(['booking-1', 'booking-2'], 2);
      // Everything is on the bus before the consumer starts, so the flaky message sits inside a batch.
      await (await relay()).waitForCheckpoint(position);
      let failuresLeft = 2;
      const c = await consumer({
        handle: async (message, client) => {
          if (message.headers[HEADERS.eventId] === flaky!.id && failuresLeft-- > 0) throw new Error('not yet');
          await client.query('INSERT INTO effects (event_id, stream_id, revision) VALUES ($1, $2, $3)', [message.headers[HEADERS.eventId], message.key, Number(message.headers[HEADERS.revision])]);
        },
      });
      await untilEffects(8);

      await expectEachEffectOnceInOrder();
      expect(c.stats()).toMatchObject({ processed: 8, failedTries: 2, deadLettered: 0, duplicatesSkipped: 0 });
    });

    it('waits out an outage of its database without dead-lettering anything, and applies every message once', async () => {
      // The consumer's pool (effects, processed events) goes through a proxy that the test cuts
      // while events keep flowing; the relay and the bus keep their own connections.
      const target = new URL(db.url);
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
      const proxied = new pg.Pool({ connectionString: proxy.via(db.url), max: 4 });
      proxied.on('error', () => {}); // idle clients die with the cut; the consumer meets the outage on its next query
      let c: RunningConsumer | undefined;
      try {
        await relay();
        c = await consumer({ pool: proxied, transientBackoff: { initialMs: 10, maxMs: 200 } });
        let writing = true;
        const writer = (async () => {
          while (writing) {
            await record(streams, 1);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        })();
        await untilEffects(1);
        await proxy.cut();
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        await proxy.restore();
        writing = false;
        await writer;
        const relayed = (await relayedEventIds()).length;
        // Dead letters count too, so a consumer that parks messages fails here rather than waiting forever.
        await eventually(async () => (await effects()).length + c!.stats().deadLettered >= relayed);

        await expectEachEffectOnceInOrder();
        expect((await bus.topicsWithMessages()).filter((t) => t.endsWith('.dlq'))).toEqual([]);
        expect(c.stats()).toMatchObject({ deadLettered: 0, failedTries: 0 });
        expect(c.stats().transientFailures).toBeGreaterThan(0);
      } finally {
        await c?.stop();
        if (c) running.splice(running.indexOf(c), 1);
        await proxied.end();
        await proxy.close();
      }
    });

    it('applies whole batches with handleMany, and still parks only the poison message when one fails', async () => {
      await record(['booking-1'], 1);
      const [poison] = await store.readStream('booking-1');
      const position = await record(['booking-1', 'booking-2', 'space-a'], 3);
      await (await relay()).waitForCheckpoint(position);
      const insert = (message: ConsumedMessage, client: pg.PoolClient) =>
        client.query('INSERT INTO effects (event_id, stream_id, revision) VALUES ($1, $2, $3)', [message.headers[HEADERS.eventId], message.key, Number(message.headers[HEADERS.revision])]);
      const sizes: number[] = [];
      const c = await consumer({
        handleMany: async (messages, client) => {
          if (messages.some((m) => m.headers[HEADERS.eventId] === poison!.id)) throw new Error('cannot apply this batch');
          sizes.push(messages.length);
          for (const message of messages) await insert(message, client);
        },
        handle: async (message, client) => {
          if (message.headers[HEADERS.eventId] === poison!.id) throw new Error('cannot apply this one');
          await insert(message, client);
        },
      });
      await eventually(async () => (await effects()).length + c.stats().deadLettered >= 10);

      expect(sizes.some((n) => n > 1)).toBe(true);
      expect((await effects()).map((e) => e.event_id).sort()).toEqual((await relayedEventIds()).filter((id) => id !== poison!.id).sort());
      for (const stream of ['booking-1', 'booking-2', 'space-a']) {
        const applied = (await effects()).filter((e) => e.stream_id === stream).map((e) => e.revision);
        expect(applied).toEqual(stream === 'booking-1' ? [1, 2, 3] : [0, 1, 2]);
      }
      expect((await bus.read(bus.name('reserva.booking.dlq'))).map((m) => m.headers[HEADERS.eventId])).toEqual([poison!.id]);
      expect(c.stats()).toMatchObject({ processed: 9, deadLettered: 1, duplicatesSkipped: 0 });
    });

    it('changes nothing when already processed messages are delivered again', async () => {
      await record(streams, 3);
      await relay();
      const first = await consumer();
      await untilEffects(streams.length * 3);
      await first.stop();
      running.splice(running.indexOf(first), 1);
      // As after a crash before the offsets were committed: the group reads from the start again.
      await bus.rewind(consumerName, topics);

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
      await eventually(async () => (await bus.messageCount()) === streams.length * 3);
      expect((await first.lag()).reduce((sum, p) => sum + p.lag, 0)).toBe(streams.length);

      const second = await consumer();
      await untilEffects(streams.length * 3);
      await eventually(async () => (await second.lag()).every((p) => p.lag === 0));
      expect(second.stats()).toMatchObject({ processed: streams.length, duplicatesSkipped: 0 });
      await expectEachEffectOnceInOrder();
    });
  });
}
