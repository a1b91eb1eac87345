import { Partitioners, type Kafka, type Message as KafkaMessage, type Producer } from 'kafkajs';
import type { Message } from '../message.js';
import type { MessagePublisher } from '../message-bus.js';

/**
 * MessagePublisher on Kafka: an idempotent producer (one request in flight, so a retried send
 * can neither duplicate nor reorder a partition's messages) that waits for all in-sync replicas
 * (acks -1). Topics are not created on the fly: ensureTopics gives them the configured partition
 * count, and a missing topic fails the publish. Connects on first use.
 */
export class KafkaPublisher implements MessagePublisher {
  private readonly producer: Producer;
  private connecting: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // The Java client's partitioner: a key lands in the same partition whichever client produces it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async publish(messages: readonly Message[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, KafkaMessage[]>();
    for (const m of messages) {
      const topicMessages = byTopic.get(m.topic) ?? byTopic.set(m.topic, []).get(m.topic)!;
      topicMessages.push({ key: m.key, value: m.value, headers: m.headers });
    }
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, batch]) => ({ topic, messages: batch })) });
  }

  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    if (connecting) await connecting.catch(() => {});
    await this.producer.disconnect();
  }

  private connect(): Promise<void> {
    // A failed connect is forgotten, so the next publish (the relay retries) tries again.
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }
}
