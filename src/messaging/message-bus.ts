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
 * Consumer side: delivers the messages of `topics` to `handle`, one at a time and in offset
 * order per topic/partition (partitions run side by side), as a member of consumer group
 * `group`. A message whose `handle` resolved is processed, and its offset is committed from
 * time to time and on `stop()`. A rejected `handle` is not processed: the source pauses that
 * partition and delivers the same message again. Delivery is at-least-once: after a crash or
 * a rebalance, messages processed since the last commit come again.
 */
export interface MessageSource {
  subscribe(options: { group: string; topics: readonly string[]; handle: (message: ConsumedMessage) => Promise<void> }): Promise<SourceSubscription>;
}

export interface SourceSubscription {
  /** Lets the messages in hand finish, commits what was processed, and stops delivering. */
  stop(): Promise<void>;
  lag(): Promise<PartitionLag[]>;
}

/** Both sides of one transport (Kafka, or the in-process bus of `npm start`). */
export type MessageBus = MessagePublisher & MessageSource;
