import type { Admin, Consumer, ConsumerConfig, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from '../backoff.js';
import type { ConsumedMessage } from '../message.js';
import type { BatchHandler, MessageSource, PartitionLag, SourceSubscription } from '../message-bus.js';

export interface KafkaSourceOptions {
  /** Pause before a partition delivers a message again after its handler failed. */
  redeliveryBackoff?: Backoff;
  /** Most messages handed on as one batch (a larger fetched batch is handed on in parts). */
  maxBatchSize?: number;
  /** Partitions handled side by side by one member (each one stays in offset order). */
  partitionsConsumedConcurrently?: number;
  /** Passed to every kafkajs consumer (timeouts, fetch sizes); groupId is the subscription's. */
  consumer?: Omit<ConsumerConfig, 'groupId'>;
  onError?: (error: unknown) => void;
}

interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * MessageSource on Kafka: one kafkajs consumer per subscription, in consumer group `group`,
 * starting at the earliest offset when the group has none. kafkajs's fetched batches are handed
 * on (in parts of at most `maxBatchSize`), and each part's offset is committed by hand right
 * after its handler resolved; a rejected handler pauses its partition, seeks back to the part's
 * first message and resumes after the redelivery backoff.
 */
export class KafkaSource implements MessageSource {
  private admin: Promise<Admin> | undefined;
  private readonly active = new Set<SourceSubscription>();

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaSourceOptions = {},
  ) {}

  async subscribe({ group, topics, handleBatch }: { group: string; topics: readonly string[]; handleBatch: BatchHandler }): Promise<SourceSubscription> {
    const consumer = this.kafka.consumer({ allowAutoTopicCreation: false, ...this.options.consumer, groupId: group });
    // kafkajs restarts a consumer that crashed on a retriable error by itself; the caller hears of every crash.
    consumer.on(consumer.events.CRASH, ({ payload }) => this.options.onError?.(payload.error));
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [...topics], fromBeginning: true });
      const delivery = new Delivery(consumer, handleBatch, this.options);
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 8,
        eachBatch: (payload) => delivery.eachBatch(payload),
      });
      const subscription: SourceSubscription = {
        stop: async () => {
          this.active.delete(subscription);
          await delivery.stop();
          await consumer.disconnect();
        },
        lag: () => this.lag(group, topics),
      };
      this.active.add(subscription);
      return subscription;
    } catch (error) {
      await consumer.disconnect().catch(() => {});
      throw error;
    }
  }

  /** Stops the subscriptions still running and lets go of the admin connection. */
  async close(): Promise<void> {
    await Promise.all([...this.active].map((s) => s.stop()));
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }

  /** Per partition: end of the log minus the group's committed offset (no commit yet: the log's start). */
  private async lag(group: string, topics: readonly string[]): Promise<PartitionLag[]> {
    const admin = await this.connectedAdmin();
    const committed = await admin.fetchOffsets({ groupId: group, topics: [...topics] });
    const lags: PartitionLag[] = [];
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const offsets = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const { partition, high, low } of ends.sort((a, b) => a.partition - b.partition)) {
        const offset = offsets.find((o) => o.partition === partition)?.offset ?? '-1';
        lags.push({ topic, partition, lag: Number(BigInt(high) - BigInt(offset === '-1' ? low : offset)) });
      }
    }
    return lags;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    return this.admin;
  }
}

const DEFAULT_MAX_BATCH = 500;

/** One subscription's batch handling: commits, redelivery after failures, graceful stop. */
class Delivery {
  private readonly failures = new Map<string, number>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Offsets whose commit failed, per topic/partition, committed again by the next commit or on stop. */
  private readonly uncommitted = new Map<string, TopicPartitionOffset>();
  private stopping = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly handleBatch: BatchHandler,
    private readonly options: KafkaSourceOptions,
  ) {}

  async eachBatch(payload: EachBatchPayload): Promise<void> {
    if (this.stopping) {
      // Not handled, not committed: the group's next member gets it.
      payload.pause();
      return;
    }
    const work = this.deliver(payload);
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  /**
   * Lets the messages in hand finish and commits what was processed. This must happen before
   * the kafkajs consumer stops: once stopping, it drops commits without a word.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await Promise.all(this.inFlight);
    if (this.uncommitted.size > 0) await this.commit([...this.uncommitted.values()]);
  }

  private async deliver({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const at = `${topic}/${partition}`;
    const size = this.options.maxBatchSize ?? DEFAULT_MAX_BATCH;
    for (let start = 0; start < batch.messages.length; start += size) {
      if (this.stopping) {
        // The rest is not handled, not committed: the group's next member gets it.
        pause();
        return;
      }
      // A rebalance took the partition away (or the consumer is stopping): its new owner gets the rest.
      if (!isRunning() || isStale()) return;
      const part = batch.messages.slice(start, start + size);
      try {
        await this.handleBatch(part.map((message) => consumed(topic, partition, message)));
      } catch (error) {
        this.options.onError?.(error);
        const failures = this.failures.get(at) ?? 0;
        this.failures.set(at, failures + 1);
        const resume = pause();
        this.consumer.seek({ topic, partition, offset: part[0]!.offset });
        if (this.stopping) return;
        const timer = setTimeout(() => {
          this.resumeTimers.delete(timer);
          resume();
        }, backoffDelay(this.options.redeliveryBackoff ?? DEFAULT_BACKOFF, failures));
        this.resumeTimers.add(timer);
        return;
      }
      this.failures.delete(at);
      const last = part[part.length - 1]!.offset;
      resolveOffset(last);
      this.uncommitted.set(at, { topic, partition, offset: String(BigInt(last) + 1n) });
      await this.commit([this.uncommitted.get(at)!]);
      // A long batch must not cost the group membership (kafkajs heartbeats on its own only between batches).
      await heartbeat();
    }
  }

  /**
   * A failed commit is not the handler's failure: the message was processed, and if the offset
   * never gets committed (a rebalance, a crash) it comes again and the consumer skips it.
   */
  private async commit(offsets: TopicPartitionOffset[]): Promise<void> {
    try {
      await this.consumer.commitOffsets(offsets);
      for (const o of offsets) {
        const at = `${o.topic}/${o.partition}`;
        if (this.uncommitted.get(at) === o) this.uncommitted.delete(at);
      }
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

function consumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? '',
    value: message.value ?? Buffer.alloc(0),
    headers: stringHeaders(message.headers),
  };
}

/** kafkajs gives header values as Buffers (or arrays when a name repeats: the last one wins, as in the Java client's lastHeader). */
function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}
