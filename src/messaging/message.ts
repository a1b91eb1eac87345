/** Header names every relayed event carries (DESIGN.md "Kafka"; invariant 5 travels with the event). */
export const HEADERS = {
  eventType: 'event-type',
  eventId: 'event-id',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  streamId: 'stream-id',
  revision: 'revision',
  /** On dead-lettered messages: why the consumer gave up, and where the message came from. */
  error: 'error',
  failedConsumer: 'failed-consumer',
  sourceTopic: 'source-topic',
  sourcePartition: 'source-partition',
  sourceOffset: 'source-offset',
} as const;

/** A message to publish: Kafka's record model (the key picks the partition, so one key stays in order). */
export interface Message {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** A message as a consumer receives it: where it sits in its topic. */
export interface ConsumedMessage extends Message {
  partition: number;
  /** Decimal string, as kafkajs gives it (offsets are 64-bit). */
  offset: string;
}

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
