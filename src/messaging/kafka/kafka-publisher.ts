import { Partitioners, type Kafka, type Message as KafkaMessage, type Producer, type ProducerConfig } from 'kafkajs';
import type { Message } from '../message.js';
import type { MessagePublisher } from '../message-bus.js';

const PRODUCER: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  // The Java client's partitioner: a key lands in the same partition whichever client produces it.
  createPartitioner: Partitioners.DefaultPartitioner,
  // kafkajs retries an idempotent producer's send forever by default, so a broker outage would
  // hang the caller. A blip is ridden out here; anything longer fails the publish, and the relay
  // starts over from its checkpoint (and counts the restart) with its own backoff.
  retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
};

/**
 * MessagePublisher on Kafka: an idempotent producer (one request in flight, so a retried send
 * can neither duplicate nor reorder a partition's messages) that waits for all in-sync replicas
 * (acks -1). Topics are not created on the fly: ensureTopics gives them the configured partition
 * count, and a missing topic fails the publish. Connects on first use.
 *
 * A failed publish discards the producer: a request the broker wrote without our hearing of it
 * advanced the producer's sequence on the broker only, and the caller's next publish (the
 * relay's, from its checkpoint, usually with more messages) would be refused as out of order
 * for good. A new producer has a new producer id and starts a new sequence; the messages it
 * publishes again are duplicates that consumers skip by event id.
 */
export class KafkaPublisher implements MessagePublisher {
  private connecting: Promise<Producer> | undefined;

  constructor(private readonly kafka: Kafka) {}

  async publish(messages: readonly Message[]): Promise<void> {
    if (messages.length === 0) return;
    const connecting = this.connect();
    try {
      const producer = await connecting;
      const byTopic = new Map<string, KafkaMessage[]>();
      for (const m of messages) {
        const topicMessages = byTopic.get(m.topic) ?? byTopic.set(m.topic, []).get(m.topic)!;
        topicMessages.push({ key: m.key, value: m.value, headers: m.headers });
      }
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, batch]) => ({ topic, messages: batch })) });
    } catch (error) {
      // Concurrent publishes share the producer: the first to fail discards it, once.
      if (this.connecting === connecting) {
        this.connecting = undefined;
        await disconnect(connecting);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    if (connecting) await disconnect(connecting);
  }

  private connect(): Promise<Producer> {
    this.connecting ??= (async () => {
      const producer = this.kafka.producer(PRODUCER);
      try {
        await producer.connect();
      } catch (error) {
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
      return producer;
    })();
    return this.connecting;
  }
}

async function disconnect(connecting: Promise<Producer>): Promise<void> {
  const producer = await connecting.catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
}
