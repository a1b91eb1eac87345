import { EventEmitter, setMaxListeners } from 'node:events';
import type pg from 'pg';
import { withTransaction } from '../shared/postgres/with-transaction.js';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type Backoff } from './backoff.js';
import type { Message } from './message.js';
import type { BatchHandler, MessagePublisher, MessageSource, PartitionLag, SourceSubscription } from './message-bus.js';

export interface InProcessBusOptions {
  /** Partitions of every topic (topics come into being on first use). */
  partitions?: number;
  /** Messages read per query, handed on as one batch. */
  batchSize?: number;
  /** Idle re-read, for messages published by another process (this process's publishes wake readers at once). */
  pollMs?: number;
  /** Pause before a partition delivers a message again after its handler failed. */
  redeliveryBackoff?: Backoff;
  onError?: (error: unknown) => void;
}

const PUBLISHED = 'published';

// Offsets continue each partition's log in the order given; the advisory lock taken by the
// transaction makes concurrent publishers (also in other processes) take turns, so offsets
// never collide or leave gaps.
const APPEND = `
  INSERT INTO messaging.bus_messages (topic, partition, message_offset, key, value, headers)
  SELECT m.topic, m.partition,
         coalesce((SELECT max(b.message_offset) FROM messaging.bus_messages b WHERE b.topic = m.topic AND b.partition = m.partition), -1)
           + row_number() OVER (PARTITION BY m.topic, m.partition ORDER BY m.ord),
         m.key, m.value, m.headers
    FROM unnest($1::text[], $2::int[], $3::text[], $4::bytea[], $5::jsonb[]) WITH ORDINALITY AS m(topic, partition, key, value, headers, ord)`;

const READ = `
  SELECT message_offset, key, value, headers FROM messaging.bus_messages
   WHERE topic = $1 AND partition = $2 AND message_offset >= $3 ORDER BY message_offset LIMIT $4`;

// A group's offset row is written when it subscribes (at 0: nothing read yet), so retention
// (messaging-retention.ts) knows the group before it commits anything, and keeps what it has not read.
const JOIN = `
  INSERT INTO messaging.bus_offsets (consumer_group, topic, partition, next_offset) VALUES ($1, $2, $3, 0)
  ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = messaging.bus_offsets.next_offset
  RETURNING next_offset`;

const COMMIT = `
  INSERT INTO messaging.bus_offsets (consumer_group, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
  ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = excluded.next_offset`;

const LAG = `
  SELECT t.topic, p.partition::int,
         (coalesce((SELECT max(m.message_offset) + 1 FROM messaging.bus_messages m WHERE m.topic = t.topic AND m.partition = p.partition), 0)
          - coalesce((SELECT o.next_offset FROM messaging.bus_offsets o WHERE o.consumer_group = $1 AND o.topic = t.topic AND o.partition = p.partition), 0))::int AS lag
    FROM unnest($2::text[]) AS t(topic) CROSS JOIN generate_series(0, $3 - 1) AS p(partition)
   ORDER BY t.topic, p.partition`;

/**
 * The message bus for `npm start`: Kafka's model (partitioned logs, key → partition, consumer
 * groups with committed offsets, redelivery of what was not committed) on PostgreSQL, schema
 * `messaging` (ensureMessagingSchema). Both the log and the offsets are durable, so `publish`
 * means what a broker's acknowledgement means and a restart resumes from the committed offsets.
 * A group has one member (this bus does not balance partitions across processes).
 */
export class InProcessBus implements MessagePublisher, MessageSource {
  readonly partitions: number;
  private readonly published = new EventEmitter().setMaxListeners(0);
  private readonly activeGroups = new Set<string>();
  /** Publishes so far in this process: a reader that found nothing waits only if none came meanwhile. */
  private publishes = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: InProcessBusOptions = {},
  ) {
    this.partitions = options.partitions ?? 3;
  }

  partitionFor(key: string): number {
    return fnv1a(key) % this.partitions;
  }

  async publish(messages: readonly Message[]): Promise<void> {
    if (messages.length === 0) return;
    await withTransaction(
      this.pool,
      (client) =>
        client.query(APPEND, [
          messages.map((m) => m.topic),
          messages.map((m) => this.partitionFor(m.key)),
          messages.map((m) => m.key),
          messages.map((m) => m.value),
          messages.map((m) => JSON.stringify(m.headers)),
        ]),
      { advisoryLock: 'reserva.messaging.bus' },
    );
    this.publishes += 1;
    this.published.emit(PUBLISHED);
  }

  async subscribe({ group, topics, handleBatch }: { group: string; topics: readonly string[]; handleBatch: BatchHandler }): Promise<SourceSubscription> {
    if (this.activeGroups.has(group)) throw new Error(`consumer group ${group} already has a member in this bus`);
    this.activeGroups.add(group);
    const stopping = new AbortController();
    setMaxListeners(0, stopping.signal); // every partition worker listens for the stop
    const workers = topics.flatMap((topic) => Array.from({ length: this.partitions }, (_, partition) => this.deliver(group, topic, partition, handleBatch, stopping.signal)));
    return {
      stop: async () => {
        stopping.abort();
        await Promise.all(workers);
        this.activeGroups.delete(group);
      },
      lag: async () => (await this.pool.query<PartitionLag>(LAG, [group, topics, this.partitions])).rows,
    };
  }

  /** One partition for one group: read from the committed offset, hand each read on as one batch, commit after it. */
  private async deliver(group: string, topic: string, partition: number, handleBatch: BatchHandler, stop: AbortSignal): Promise<void> {
    const backoff = this.options.redeliveryBackoff ?? DEFAULT_BACKOFF;
    let next: bigint | undefined;
    let committed: bigint | undefined;
    const commit = async () => {
      if (next === undefined || next === committed) return;
      await this.pool.query(COMMIT, [group, topic, partition, String(next)]);
      committed = next;
    };
    for (let failures = 0; !stop.aborted; ) {
      try {
        if (next === undefined) {
          const { rows } = await this.pool.query<{ next_offset: string }>(JOIN, [group, topic, partition]);
          next = committed = BigInt(rows[0]!.next_offset);
        }
        const seen = this.publishes;
        const { rows } = await this.pool.query<{ message_offset: string; key: string; value: Buffer; headers: Record<string, string> }>(READ, [
          topic, partition, String(next), this.options.batchSize ?? 100,
        ]);
        if (rows.length === 0) {
          await commit();
          await this.nextPublish(seen, stop);
          continue;
        }
        let failed = false;
        try {
          await handleBatch(rows.map((row) => ({ topic, partition, offset: row.message_offset, key: row.key, value: row.value, headers: row.headers })));
          next = BigInt(rows[rows.length - 1]!.message_offset) + 1n;
        } catch (error) {
          this.options.onError?.(error);
          failed = true;
        }
        await commit();
        if (failed) await sleep(backoffDelay(backoff, failures++), stop);
        else failures = 0;
      } catch (error) {
        this.options.onError?.(error);
        await sleep(backoffDelay(backoff, failures++), stop);
      }
    }
    // Graceful stop: what was processed is committed (a failure here leaves it to redelivery).
    await commit().catch((error: unknown) => this.options.onError?.(error));
  }

  /** Resolves on the first publish in this process after the `seen`th, after `pollMs`, or on stop. */
  private nextPublish(seen: number, stop: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.publishes !== seen || stop.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.published.off(PUBLISHED, done);
        stop.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs ?? 500);
      this.published.once(PUBLISHED, done);
      stop.addEventListener('abort', done, { once: true });
    });
  }
}

/** FNV-1a (32-bit): a stable key → partition hash (the same key always lands in the same partition). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
