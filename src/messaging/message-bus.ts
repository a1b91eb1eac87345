import type { ConsumedMessage, Message } from './message.js';

/**
 * Producer side of the backbone. `publish` resolves only once every message is acknowledged
 * (durably stored by the broker or bus), so a caller may move a checkpoint past them; it
 * rejects if any may be missing, and the caller publishes them again (duplicates are fine:
 * consumers skip them by event id).
 */
export interface MessagePublisher {
  publish(messages: readonly Message[]): Promise<void>;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Messages in the partition that the group has not committed yet. */
  lag: number;
}

/**
 * Consumer side: delivers the messages of `topics` to `handleBatch`, in batches of consecutive
 * messages of one topic/partition, one batch at a time and in offset order per partition
 * (partitions run side by side), as a member of consumer group `group`. A batch whose
 * `handleBatch` resolved is processed, and its offsets are committed from time to time and on
 * `stop()`. A rejected batch is not processed: the source pauses that partition and delivers
 * the same messages again (from the batch's first), so a handler must skip the ones it already
 * applied. Delivery is at-least-once: after a crash or a rebalance, messages processed since the
 * last commit come again.
 */
export interface MessageSource {
  subscribe(options: { group: string; topics: readonly string[]; handleBatch: BatchHandler }): Promise<SourceSubscription>;
}

/** Handles consecutive messages of one topic/partition (never empty). */
export type BatchHandler = (messages: readonly ConsumedMessage[]) => Promise<void>;

export interface SourceSubscription {
  /** Lets the messages in hand finish, commits what was processed, and stops delivering. */
  stop(): Promise<void>;
  lag(): Promise<PartitionLag[]>;
}

/** Both sides of one transport (Kafka, or the in-process bus of `npm start`). */
export type MessageBus = MessagePublisher & MessageSource;
