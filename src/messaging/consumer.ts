import type pg from 'pg';
import { withTransaction } from '../shared/postgres/with-transaction.js';
import { backoffDelay, sleep, type Backoff } from './backoff.js';
import { deadLetterTopic, HEADERS, type ConsumedMessage } from './message.js';
import type { MessagePublisher, MessageSource, PartitionLag } from './message-bus.js';
import { isTransientFailure } from './transient-failure.js';

export interface RetryPolicy {
  /**
   * Tries per message before it is dead-lettered (the first try counts). Only tries that failed
   * for a reason other than the infrastructure (isTransientFailure) count.
   */
  attempts: number;
  backoff: Backoff;
}

export const DEFAULT_RETRIES: RetryPolicy = { attempts: 5, backoff: { initialMs: 200, maxMs: 10_000 } };

/** Pause between tries while the database is away: short at first, then every few seconds for as long as it takes. */
export const DEFAULT_TRANSIENT_BACKOFF: Backoff = { initialMs: 100, maxMs: 5_000 };

export interface ConsumerOptions {
  /** The consumer group, and the consumer's name in `messaging.processed_events`. */
  name: string;
  topics: readonly string[];
  /**
   * Applies one message's effect with `client`, inside the transaction that records the event as
   * processed: both commit or neither does, so a redelivered message is skipped (invariant 4).
   */
  handle: (message: ConsumedMessage, client: pg.PoolClient) => Promise<void>;
  /**
   * Optional, for effects that cost less together (the audit log can chain a batch with one
   * lock and one insert instead of three statements per event): applies the messages of a
   * delivered batch that are new to this consumer — consecutive, of one partition, in order —
   * with `client` in the batch's transaction, instead of `handle` on each. When it fails for a
   * reason that is not transient, the batch's messages go one by one through `handle`, with
   * their retries and dead letters, so a poison message is still parked on its own.
   */
  handleMany?: (messages: readonly ConsumedMessage[], client: pg.PoolClient) => Promise<void>;
  source: MessageSource;
  /** Where messages that keep failing go (`<topic>.dlq`). */
  publisher: MessagePublisher;
  /** Holds schema `messaging` (ensureMessagingSchema) and whatever the handler writes. */
  pool: pg.Pool;
  retries?: RetryPolicy;
  /** Backoff between tries that failed transiently (isTransientFailure); they are retried without limit. */
  transientBackoff?: Backoff;
  /** Told about every failed try (the consumer retries or dead-letters on its own). */
  onError?: (error: unknown, message: ConsumedMessage) => void;
}

export interface ConsumerStats {
  processed: number;
  /** Deliveries of events already processed (redelivery after a crash, a rebalance, a relay restart). */
  duplicatesSkipped: number;
  deadLettered: number;
  /** Failed tries that count toward dead-lettering (the handler failed, not the infrastructure). */
  failedTries: number;
  /** Failed tries put down to the infrastructure (PostgreSQL away, a connection cut): retried, never dead-lettered. */
  transientFailures: number;
}

export interface RunningConsumer {
  /** Lets the message in hand finish, commits what was processed, and stops. */
  stop(): Promise<void>;
  /** Uncommitted messages per topic partition (for a metric). */
  lag(): Promise<PartitionLag[]>;
  stats(): ConsumerStats;
}

const MARK_PROCESSED = `INSERT INTO messaging.processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`;
const MARK_BATCH_PROCESSED = `
  INSERT INTO messaging.processed_events (consumer, event_id) SELECT $1, unnest($2::text[])
  ON CONFLICT DO NOTHING RETURNING event_id`;
/** Keeps a dead letter's headers to a sane size; an error message is not a place for a stack. */
const MAX_ERROR_HEADER = 1000;

/**
 * Runs a consumer on any MessageSource (Kafka, or the in-process bus for `npm start`): each
 * message's effect is applied once, retried with exponential backoff, and after
 * `retries.attempts` failed tries parked on `<topic>.dlq` with the error in a header, after which
 * the consumer moves on to the next message. Transient failures (isTransientFailure: the
 * database down or overloaded, a connection cut) are not the message's fault: the same messages
 * are tried again with `transientBackoff` for as long as the failures last, and never
 * dead-lettered, so an outage parks nothing. A delivered batch is applied in one transaction
 * (one commit, and one chain-head lock for the audit log, per batch); when a handler fails in
 * it, the messages before it are applied again as a batch and the failed one goes the
 * per-message way of retries and dead letters.
 */
export async function runConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  surviveLostConnections(options.pool);
  const retries = options.retries ?? DEFAULT_RETRIES;
  const transientBackoff = options.transientBackoff ?? DEFAULT_TRANSIENT_BACKOFF;
  const stopping = new AbortController();
  const stats: ConsumerStats = { processed: 0, duplicatesSkipped: 0, deadLettered: 0, failedTries: 0, transientFailures: 0 };

  /** The id that makes an effect once: the event's id, or the message's place when it has none. */
  const eventId = (m: ConsumedMessage) => m.headers[HEADERS.eventId] ?? `${m.topic}/${m.partition}/${m.offset}`;

  const applyOnce = (message: ConsumedMessage) =>
    withTransaction(options.pool, async (client) => {
      // First in the transaction: a second delivery running concurrently waits on this row, then skips.
      const marked = await client.query(MARK_PROCESSED, [options.name, eventId(message)]);
      if (marked.rowCount === 0) return 'duplicate' as const;
      await options.handle(message, client);
      return 'processed' as const;
    });

  /** Waits before trying `message` (and what comes with it) again; on stop, rejects: nothing gets committed, it comes again after a restart. */
  const pause = async (ms: number, message: ConsumedMessage) => {
    await sleep(ms, stopping.signal);
    if (stopping.signal.aborted) throw new Error(`consumer ${options.name} stopped before message ${eventId(message)} succeeded`);
  };

  /** Runs `work` again while it fails transiently (the database is away); other failures are thrown. */
  const persevere = async <T>(work: () => Promise<T>, message: ConsumedMessage): Promise<T> => {
    for (let transients = 0; ; transients++) {
      try {
        return await work();
      } catch (error) {
        if (!isTransientFailure(error)) throw error;
        stats.transientFailures += 1;
        options.onError?.(error, message);
        await pause(backoffDelay(transientBackoff, transients), message);
      }
    }
  };

  const deadLetter = async (message: ConsumedMessage, error: unknown) => {
    await options.publisher.publish([
      {
        topic: deadLetterTopic(message.topic),
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [HEADERS.error]: describe(error).slice(0, MAX_ERROR_HEADER),
          [HEADERS.failedConsumer]: options.name,
          [HEADERS.sourceTopic]: message.topic,
          [HEADERS.sourcePartition]: String(message.partition),
          [HEADERS.sourceOffset]: message.offset,
        },
      },
    ]);
    // Parked for good: a redelivery of this message must not park it again.
    await persevere(() => options.pool.query(MARK_PROCESSED, [options.name, eventId(message)]), message);
    stats.deadLettered += 1;
  };

  const count = (outcome: 'processed' | 'duplicate') => {
    if (outcome === 'processed') stats.processed += 1;
    else stats.duplicatesSkipped += 1;
  };

  /**
   * Retries a message whose try failed with `error` until it succeeds or is dead-lettered; only
   * failures that are not transient count toward `retries.attempts`.
   */
  const retry = async (message: ConsumedMessage, error: unknown) => {
    for (let failures = 0, transients = 0; ; ) {
      options.onError?.(error, message);
      if (isTransientFailure(error)) {
        stats.transientFailures += 1;
        await pause(backoffDelay(transientBackoff, transients++), message);
      } else {
        stats.failedTries += 1;
        if (++failures >= retries.attempts) return deadLetter(message, error);
        await pause(backoffDelay(retries.backoff, failures - 1), message);
      }
      try {
        return count(await applyOnce(message));
      } catch (next) {
        error = next;
      }
    }
  };

  const handle = async (message: ConsumedMessage) => {
    try {
      count(await applyOnce(message));
    } catch (error) {
      await retry(message, error);
    }
  };

  /** All of `messages` in one transaction: their outcomes (committed), or the reason none was applied. */
  const applyBatchOnce = (messages: readonly ConsumedMessage[]) =>
    withTransaction(options.pool, async (client) => {
      // As in applyOnce: recording them first makes a concurrent second delivery wait, then skip.
      const marked = await client.query<{ event_id: string }>(MARK_BATCH_PROCESSED, [options.name, messages.map(eventId)]);
      const fresh = new Set(marked.rows.map((r) => r.event_id));
      if (options.handleMany) {
        // delete: a message delivered twice in one batch is applied once.
        const outcomes = messages.map((m) => (fresh.delete(eventId(m)) ? ('processed' as const) : ('duplicate' as const)));
        const news = messages.filter((_, index) => outcomes[index] === 'processed');
        if (news.length > 0) await options.handleMany(news, client);
        return outcomes;
      }
      const outcomes: ('processed' | 'duplicate')[] = [];
      for (const [index, message] of messages.entries()) {
        // delete: a message delivered twice in one batch is applied once.
        if (!fresh.delete(eventId(message))) {
          outcomes.push('duplicate');
          continue;
        }
        try {
          await options.handle(message, client);
        } catch (error) {
          throw new HandlerFailure(index, error);
        }
        outcomes.push('processed');
      }
      return outcomes;
    });

  const handleBatch = async (messages: readonly ConsumedMessage[]): Promise<void> => {
    if (messages.length === 0) return;
    for (let transients = 0; ; transients++) {
      let failure: unknown;
      try {
        return (await applyBatchOnce(messages)).forEach(count);
      } catch (caught) {
        failure = caught;
      }
      const error = failure instanceof HandlerFailure ? failure.error : failure;
      if (isTransientFailure(error)) {
        // The database is away (a handler's query included): no message is at fault, the whole batch goes again.
        stats.transientFailures += 1;
        options.onError?.(error, messages[failure instanceof HandlerFailure ? failure.index : 0]!);
        await pause(backoffDelay(transientBackoff, transients), messages[0]!);
        continue;
      }
      if (!(failure instanceof HandlerFailure)) {
        // Not one message's fault (a failed commit): each message on its own, with its retries.
        for (const message of messages) await handle(message);
        return;
      }
      await handleBatch(messages.slice(0, failure.index));
      await retry(messages[failure.index]!, failure.error);
      return handleBatch(messages.slice(failure.index + 1));
    }
  };

  const subscription = await options.source.subscribe({ group: options.name, topics: options.topics, handleBatch });
  return {
    async stop() {
      stopping.abort();
      await subscription.stop();
    },
    lag: () => subscription.lag(),
    stats: () => ({ ...stats }),
  };
}

const ignore = () => {};

/**
 * node-postgres emits a lost connection as an 'error' event on the client, and pg-pool listens
 * for it only while the client is idle: a connection cut while a consumer holds the client
 * (mid-transaction) would be an uncaught exception that ends the process. The query in flight
 * fails anyway, with the error the consumer retries, and a broken client leaves the pool on
 * release, so the event itself needs nothing more than a listener.
 */
function surviveLostConnections(pool: pg.Pool): void {
  if (pool.listeners('acquire').includes(listenWhileCheckedOut)) return;
  pool.on('acquire', listenWhileCheckedOut);
}

function listenWhileCheckedOut(client: pg.PoolClient): void {
  if (!client.listeners('error').includes(ignore)) client.on('error', ignore);
}

/** A handler's failure inside a batch: which message, and why (anything else fails the batch as a whole). */
class HandlerFailure {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {}
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
