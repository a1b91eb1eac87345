import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kafkaBrokersOrSkip, readTopicWithKcat } from '../../../test/support/kafka-broker.js';
import { CONTEXT_TOPICS } from '../event-message.js';
import { deadLetterTopic, type Message } from '../message.js';
import { describeMessagingScenarios, FAST } from '../messaging-scenarios.js';
import { ensureTopics } from './ensure-topics.js';
import { KafkaPublisher } from './kafka-publisher.js';
import { KafkaSource } from './kafka-source.js';

const brokers = kafkaBrokersOrSkip();

describeMessagingScenarios('Kafka', async () => {
  const kafka = new Kafka({ clientId: 'reserva-test', brokers, logLevel: logLevel.NOTHING, retry: { initialRetryTime: 100, retries: 10 } });
  // Fresh topics and groups per test: the broker outlives the test.
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const name = (n: string) => `${prefix}.${n}`;
  const topics = CONTEXT_TOPICS.map(name);
  const allTopics = topics.flatMap((t) => [t, deadLetterTopic(t)]);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 3);
  const publisher = new KafkaPublisher(kafka);
  const source = new KafkaSource(kafka, { redeliveryBackoff: FAST, consumer: { maxWaitTimeInMs: 100, heartbeatInterval: 500, sessionTimeout: 10_000 } });
  const counts = async () =>
    Promise.all(allTopics.map(async (topic) => ({ topic, count: (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0) })));
  return {
    publisher,
    source,
    name,
    read: (topic) => readTopicWithKcat(brokers, topic),
    topicsWithMessages: async () => (await counts()).filter((c) => c.count > 0).map((c) => c.topic.slice(prefix.length + 1)).sort(),
    messageCount: async () => (await counts()).reduce((sum, c) => sum + c.count, 0),
    // Forgetting the group's offsets starts it at the earliest again, and at once (kafkajs's
    // resetOffsets joins the group with a consumer of its own, which takes seconds).
    rewind: async (group) => {
      await admin.deleteGroups([group]);
    },
    close: async () => {
      await source.close();
      await publisher.close();
      await admin.disconnect();
    },
  };
});

describe('KafkaSource', () => {
  let kafka: Kafka;
  let admin: Admin;
  beforeEach(async () => {
    kafka = new Kafka({ clientId: 'reserva-test', brokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });
  afterEach(async () => {
    await admin?.disconnect();
  });

  it('delivers a rejected batch again before the next messages of its partition, and commits only what was handled', async () => {
    const topic = `t${randomUUID().slice(0, 8)}.source`;
    await ensureTopics(admin, [topic], 1);
    await ensureTopics(admin, [topic], 1); // idempotent
    expect((await admin.fetchTopicMetadata({ topics: [topic, deadLetterTopic(topic)] })).topics.map((t) => t.partitions.length)).toEqual([1, 1]);
    const publisher = new KafkaPublisher(kafka);
    await publisher.publish(['a', 'b', 'c'].map((n) => ({ topic, key: 'k', value: Buffer.from(n), headers: { n } })));

    const source = new KafkaSource(kafka, { redeliveryBackoff: FAST, consumer: { maxWaitTimeInMs: 100 } });
    const rejected: string[][] = [];
    const handled: string[] = [];
    let failuresLeft = 2;
    let allDone!: () => void;
    const allHandled = new Promise<void>((resolve) => (allDone = resolve));
    const subscription = await source.subscribe({
      group: `${topic}.group`,
      topics: [topic],
      handleBatch: async (messages) => {
        const names = messages.map((m) => m.headers.n!);
        if (names.includes('b') && failuresLeft-- > 0) {
          rejected.push(names);
          throw new Error('not yet');
        }
        handled.push(...names);
        if (names.includes('c')) allDone();
      },
    });
    await allHandled;
    // A rejected batch comes again from its first message; nothing after it is handed on meanwhile.
    expect(handled).toEqual(['a', 'b', 'c']);
    expect(rejected).toHaveLength(2);
    expect(rejected[1]).toEqual(rejected[0]);
    expect(rejected[0]![0]).not.toBe('c');
    await subscription.stop();
    expect(await subscription.lag()).toEqual([{ topic, partition: 0, lag: 0 }]);

    await publisher.publish([{ topic, key: 'k', value: Buffer.from('d'), headers: { n: 'd' } }]);
    expect(await subscription.lag()).toEqual([{ topic, partition: 0, lag: 1 }]);
    await source.close();
    await publisher.close();
  });
});
