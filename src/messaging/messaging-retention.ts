import type pg from 'pg';

/**
 * How long schema `messaging` keeps what would otherwise grow forever.
 *
 * `processedEventsMs` must exceed the longest time after which a message can reach a consumer
 * again, or a redelivered event whose row is gone would be applied a second time. A message
 * comes again (1) when its offset was not committed before a crash or rebalance: seconds; (2)
 * when the relay publishes its last unacknowledged batch again after a crash: as soon as it
 * restarts; (3) when a group re-reads a topic from its earliest message, as Kafka does for a
 * group whose committed offsets expired (offsets.retention.minutes, 7 days by default) — so
 * every message still in the log may come again. The window must therefore also exceed how
 * long messages stay in the log: `busMessagesMs` for the in-process bus (enforced by the
 * configuration), and the topics' retention.ms on Kafka (the broker's default is 7 days: keep
 * topics' retention below the window, or raise the window). The default window, 7 days, is
 * far beyond (1) and (2) and covers the in-process bus's one-day default log.
 */
export interface MessagingRetention {
  /** In-process bus messages older than this, and read by every known consumer group, are deleted. */
  busMessagesMs: number;
  /** Processed-event rows older than this are deleted (see above for why it must be long). */
  processedEventsMs: number;
}

export interface RetentionRun {
  busMessages: number;
  processedEvents: number;
}

/**
 * In-process bus: a message goes when it is older than the cutoff and every consumer group that
 * knows its topic (has an offset row on it; the bus writes one when a group subscribes) has
 * committed past it — a group that has not read a message yet keeps it, however old. The
 * newest message of each partition always stays: the next offset is counted from it, and
 * without it the partition's offsets would start again at 0 under groups that are further on.
 * A topic no group knows (the dead-letter topics) keeps its messages for the age alone, as
 * Kafka's time-based retention would.
 */
const DELETE_BUS_MESSAGES = `
  WITH logs AS (
    SELECT topic, partition, max(message_offset) AS last FROM messaging.bus_messages GROUP BY topic, partition
  ), bounds AS (
    SELECT l.topic, l.partition,
           least(l.last, coalesce((
             SELECT min(coalesce(o.next_offset, 0))
               FROM (SELECT DISTINCT consumer_group FROM messaging.bus_offsets WHERE topic = l.topic) g
               LEFT JOIN messaging.bus_offsets o ON o.consumer_group = g.consumer_group AND o.topic = l.topic AND o.partition = l.partition
           ), l.last)) AS keep_from
      FROM logs l
  )
  DELETE FROM messaging.bus_messages m USING bounds b
   WHERE m.topic = b.topic AND m.partition = b.partition AND m.message_offset < b.keep_from AND m.published_at < $1`;

/** In slices, so a large backlog does not become one long transaction holding many row locks. */
const DELETE_PROCESSED_EVENTS = `
  DELETE FROM messaging.processed_events
   WHERE ctid = ANY (ARRAY(SELECT ctid FROM messaging.processed_events WHERE processed_at < $1 LIMIT $2))`;
const SLICE = 10_000;

/** Deletes what `retention` lets go as of `now`; returns how many rows went. */
export async function deleteExpiredMessaging(pool: pg.Pool, retention: MessagingRetention, now: Date): Promise<RetentionRun> {
  const bus = await pool.query(DELETE_BUS_MESSAGES, [new Date(now.getTime() - retention.busMessagesMs)]);
  const processedBefore = new Date(now.getTime() - retention.processedEventsMs);
  let processedEvents = 0;
  for (;;) {
    const deleted = (await pool.query(DELETE_PROCESSED_EVENTS, [processedBefore, SLICE])).rowCount ?? 0;
    processedEvents += deleted;
    if (deleted < SLICE) break;
  }
  return { busMessages: bus.rowCount ?? 0, processedEvents };
}

export interface RetentionTask {
  /** Waits for a run in progress, and runs no more. */
  stop(): Promise<void>;
}

/**
 * Runs deleteExpiredMessaging now and every `intervalMs` (several processes may run it: the
 * deletes do not conflict). A failed run is reported and the next one tries again.
 */
export function startMessagingRetention(
  pool: pg.Pool,
  retention: MessagingRetention,
  options: { intervalMs: number; clock: () => Date; onRun?: (run: RetentionRun) => void; onError?: (error: unknown) => void },
): RetentionTask {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    // One run at a time: a slow run delays the next instead of overlapping it.
    running = running.then(() => (stopped ? undefined : deleteExpiredMessaging(pool, retention, options.clock()).then(options.onRun, options.onError)));
  };
  run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
