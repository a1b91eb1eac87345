import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { promisify } from 'node:util';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaBroker } from '../scripts/kafka/kafka-broker.js';
import { kafkaBrokersOrSkip } from './support/kafka-broker.js';

/** The development/test broker (scripts/kafka) as the project's client, kafkajs 2.2.4, and an independent one, kcat, use it. */
const brokers = kafkaBrokersOrSkip();
const run = promisify(execFile);
const kcatAvailable = spawnSync('sh', ['-c', 'command -v kcat']).status === 0;
const inCi = process.env.CI === 'true';

const kafka = () => new Kafka({ clientId: 'broker-smoke', brokers, logLevel: logLevel.NOTHING, retry: { initialRetryTime: 100, retries: 10 } });
const topicName = (name: string) => `smoke.${name}.${randomUUID().slice(0, 8)}`;

let admin: Admin;
beforeAll(async () => {
  if (brokers.length === 0) return;
  admin = kafka().admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
});

/** Committed offsets of a group behind the topic's end, summed over partitions. */
async function lag(groupId: string, topic: string): Promise<number> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  return ends.reduce((sum, end) => {
    const offset = Number(committed!.partitions.find((p) => p.partition === end.partition)!.offset);
    return sum + Number(end.high) - Math.max(offset, Number(end.low));
  }, 0);
}

async function consumeAll(consumer: Consumer, topic: string, count: number): Promise<{ key: string; value: string; headers: Record<string, string> }[]> {
  const seen: { key: string; value: string; headers: Record<string, string> }[] = [];
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          seen.push({ key: message.key!.toString(), value: message.value!.toString(), headers });
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
          if (seen.length === count) resolve();
        },
      })
      .catch(reject);
  });
  return seen;
}

describe('Kafka broker for development and tests', () => {
  it('round-trips with kafkajs: topic, idempotent producer, consumer group, committed offsets, lag', async () => {
    const topic = topicName('roundtrip');
    const groupId = `${topic}.group`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    expect(await admin.listTopics()).toContain(topic);

    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const sent = ['a', 'b', 'c', 'a', 'b'].map((key, i) => ({ key: `booking-${key}`, value: `event ${i}`, headers: { 'event-type': 'Smoke', 'event-id': String(i) } }));
    const acks = await producer.send({ topic, acks: -1, messages: sent });
    expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);

    const consumer = kafka().consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    const received = await consumeAll(consumer, topic, sent.length);
    await consumer.disconnect();
    expect(received.map((m) => m.value).sort()).toEqual(sent.map((m) => m.value).sort());
    // Per key, the order the producer sent.
    for (const key of ['booking-a', 'booking-b', 'booking-c']) {
      expect(received.filter((m) => m.key === key).map((m) => m.value)).toEqual(sent.filter((m) => m.key === key).map((m) => m.value));
    }
    expect(received[0]!.headers['event-type']).toBe('Smoke');
    expect(await lag(groupId, topic)).toBe(0);

    await producer.send({ topic, messages: [{ key: 'booking-a', value: 'late 1' }, { key: 'booking-d', value: 'late 2' }] });
    await producer.disconnect();
    expect(await lag(groupId, topic)).toBe(2);
  });

  describe.skipIf(!kcatAvailable && !inCi)(kcatAvailable || inCi ? 'with kcat' : 'with kcat — SKIPPED: kcat not installed (apt-get install kcat)', () => {
    it('an independent client (kcat, librdkafka) reads back the key, headers and value', async () => {
      expect(kcatAvailable, 'kcat is required when CI=true (apt-get install kcat)').toBe(true);
      const topic = topicName('kcat');
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'booking-42', value: '{"type":"BookingConfirmed"}', headers: { 'event-type': 'BookingConfirmed', 'schema-version': '1' } }] });
      await producer.disconnect();

      const { stdout } = await run('kcat', ['-b', brokers.join(','), '-C', '-t', topic, '-o', 'beginning', '-c', '1', '-f', '%k %h %s'], { timeout: 30_000 });
      expect(stdout).toBe('booking-42 event-type=BookingConfirmed,schema-version=1 {"type":"BookingConfirmed"}');
    });
  });

  it('startKafkaBroker starts another broker on free ports and stop() shuts it down', async () => {
    const broker = await startKafkaBroker();
    const [host, port] = broker.brokers[0]!.split(':');
    expect(host).toBe('127.0.0.1');
    expect(broker.brokers).not.toEqual(brokers);
    const other = new Kafka({ clientId: 'broker-smoke', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const otherAdmin = other.admin();
    await otherAdmin.connect();
    expect(await otherAdmin.listTopics()).toEqual([]);
    await otherAdmin.disconnect();

    await broker.stop();
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(port), host!);
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
