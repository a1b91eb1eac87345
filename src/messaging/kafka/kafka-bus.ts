import { Kafka, logLevel } from 'kafkajs';
import { CONTEXT_TOPICS } from '../event-message.js';
import type { MessageBus, MessageSource } from '../message-bus.js';
import type { Message } from '../message.js';
import { ensureTopics } from './ensure-topics.js';
import { KafkaPublisher } from './kafka-publisher.js';
import { KafkaSource } from './kafka-source.js';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions of the context topics and their dead-letter topics, when they are created. */
  partitions: number;
  onError?: (error: unknown) => void;
}

/** Both sides of the backbone on one Kafka client; `prepare` creates the topics (idempotent). */
export class KafkaBus implements MessageBus {
  private readonly kafka: Kafka;
  private readonly publisher: KafkaPublisher;
  private readonly source: KafkaSource;

  constructor(private readonly options: KafkaBusOptions) {
    // kafkajs logs to the console by itself; errors reach us through onError instead.
    this.kafka = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.NOTHING });
    this.publisher = new KafkaPublisher(this.kafka);
    this.source = new KafkaSource(this.kafka, options.onError ? { onError: options.onError } : {});
  }

  async prepare(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, CONTEXT_TOPICS, this.options.partitions);
    } finally {
      await admin.disconnect();
    }
  }

  publish(messages: readonly Message[]): Promise<void> {
    return this.publisher.publish(messages);
  }

  subscribe(options: Parameters<MessageSource['subscribe']>[0]) {
    return this.source.subscribe(options);
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher.close(), this.source.close()]);
  }
}
