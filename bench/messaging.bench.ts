import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { kafkaPrerequisitesMissing, startKafkaBroker, type KafkaBroker } from '../scripts/kafka/kafka-broker.js';
import type { CatalogCommands } from '../src/catalog/application/catalog-commands.js';
import { CONTEXT_TOPICS, topicFor } from '../src/messaging/event-message.js';
import { InProcessBus } from '../src/messaging/in-process-bus.js';
import { KafkaBus } from '../src/messaging/kafka/kafka-bus.js';
import { HEADERS } from '../src/messaging/message.js';
import type { MessagePublisher } from '../src/messaging/message-bus.js';
import { ensureMessagingSchema } from '../src/messaging/messaging-schema.js';
import { Relay } from '../src/messaging/relay.js';
import { SERVICES } from '../src/platform/container.js';
import { startMessaging } from '../src/platform/start-messaging.js';
import { START, type EventStore, type FromPosition, type RecordedEvent } from '../src/shared/event-store/event-store.js';
import { ensureEventStoreSchema } from '../src/shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../src/shared/event-store/postgres/postgres-event-store.js';
import type { BenchFigure } from './bench-figure.js';
import { createAlwaysOpenSpaces } from './support/always-open-spaces.js';
import { isMain, progress, runStandalone, type BenchOptions } from './support/bench-cli.js';
import { withBenchDatabase } from './support/bench-database.js';
import { startInProcessApi } from './support/in-process-api.js';
import { summarizeLatencies, type LatencySummary } from './support/latency.js';
import { runPacedBookings, wallClockMs } from './support/paced-booking-client.js';
import { writeSyntheticEventLog } from './support/synthetic-event-log.js';

/**
 * Messaging figures (issue 4), on a real Kafka broker (scripts/kafka, started here; skipped with
 * the reason when Java or Maven is missing) and on the in-process bus (`npm start`'s, which keeps
 * its log in PostgreSQL):
 *
 * 1. Relay throughput: a booking-like event log of N events (bench/support/synthetic-event-log.ts,
 *    written straight into the store's tables) relayed from position zero by a Relay until its
 *    checkpoint reaches the last event → events/s from the store to acknowledged-and-checkpointed.
 *    Baseline: reading the same log with `store.readAll` alone, in pages of the relay's batch size.
 * 2. End to end at 200 commands/s: the real API with the relay and the audit log consumer in this
 *    one process (startMessaging, as `npm start` runs them; production runs three processes),
 *    32 HTTP clients in a child process paced at 200 POST /api/v1/bookings per second together.
 *    For every 201, the time from its answer arriving at the client to its BookingRequested row
 *    being visible in audit.entries, seen by a poll of new rows every 2 ms (so up to ~2 ms of
 *    the figure is the poll). Also given: the row's written_at (the consumer transaction's start,
 *    `now()`) minus the answer, which carries no poll delay but stops short of the commit.
 *    Where the time goes, per booking: the 201 → its BookingRequested published (the Kafka
 *    record's timestamp, set by the relay's producer; the bus row's `published_at`) → the audit
 *    transaction's start (`written_at`) → the row visible; the three add up to the total.
 *    Baseline: the same on the in-process bus.
 * Kafka's part runs first: its consumer group reads the context topics from the beginning, so
 * the end-to-end run must see empty topics.
 */
const BENCH = 'messaging';
const KAFKA_PARTITIONS = 6;
/** What `npm start`'s in-process bus uses (src/platform/container.ts takes the InProcessBus default). */
const IN_PROCESS_PARTITIONS = 3;
/** The relay's default batch size, also the readAll page of the baseline. */
const PAGE = 500;
const CLIENTS = 32;
const RATE = 200;
const SPACES = 500;
const AUDIT_POLL_MS = 2;
const DRAIN_TIMEOUT_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads `$all` from the start in pages; returns how many events, the last one, and the time taken. */
async function readWholeLog(store: EventStore): Promise<{ events: number; last: RecordedEvent | undefined; lastRelayed: RecordedEvent | undefined; seconds: number }> {
  const began = performance.now();
  let from: FromPosition = START;
  let events = 0;
  let last: RecordedEvent | undefined;
  let lastRelayed: RecordedEvent | undefined;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: PAGE });
    if (page.length === 0) break;
    events += page.length;
    last = page[page.length - 1]!;
    lastRelayed = page.findLast((e) => topicFor(e.streamId) !== undefined) ?? lastRelayed;
    from = last.position;
  }
  return { events, last, lastRelayed, seconds: (performance.now() - began) / 1000 };
}

interface BusUnderTest {
  label: string;
  short: string;
  /** A publisher for the relay throughput run, on the run's pool. */
  open(pool: pg.Pool): Promise<MessagePublisher & { close?(): Promise<void> }>;
  /** Configuration of the API runtime for the end-to-end run. */
  env: Record<string, string>;
  /** When each relayed event was published (wall-clock ms), by event id: the first time, if it was published again. */
  publishedAt(pool: pg.Pool): Promise<Map<string, number>>;
}

/** Reads the context topics from the start with a group of its own, up to their ends now: the records' timestamps by event id. */
async function kafkaPublishTimes(brokers: string[]): Promise<Map<string, number>> {
  const kafka = new Kafka({ clientId: 'reserva-bench-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  for (const topic of CONTEXT_TOPICS) {
    for (const p of await admin.fetchTopicOffsets(topic)) if (BigInt(p.high) > BigInt(p.low)) ends.set(`${topic}/${p.partition}`, BigInt(p.high));
  }
  await admin.disconnect();
  const times = new Map<string, number>();
  if (ends.size === 0) return times;
  const consumer = kafka.consumer({ groupId: `bench-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...CONTEXT_TOPICS], fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            const id = m.headers?.[HEADERS.eventId]?.toString();
            if (id && !times.has(id)) times.set(id, Number(m.timestamp));
          }
          const at = `${batch.topic}/${batch.partition}`;
          if (BigInt(batch.lastOffset()) + 1n >= (ends.get(at) ?? 0n)) ends.delete(at);
          if (ends.size === 0) resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return times;
}

async function busPublishTimes(pool: pg.Pool): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ id: string; ms: number }>(
    `SELECT DISTINCT ON (headers->>'event-id') headers->>'event-id' AS id, (extract(epoch FROM published_at) * 1000)::float8 AS ms
       FROM messaging.bus_messages WHERE topic = ANY($1) ORDER BY headers->>'event-id', published_at`,
    [CONTEXT_TOPICS],
  );
  return new Map(rows.map((r) => [r.id, r.ms]));
}

// ---------------------------------------------------------------- relay throughput

async function measureRelayThroughput(adminUrl: string, target: number, buses: BusUnderTest[]): Promise<BenchFigure[]> {
  return withBenchDatabase(adminUrl, 'relay', async (url) => {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    const store = new PostgresEventStore(pool);
    try {
      await ensureEventStoreSchema(pool);
      await ensureMessagingSchema(pool);
      progress(BENCH, `writing a booking-like log of about ${target} events`);
      const written = await writeSyntheticEventLog(pool, { events: target });
      const streams = (await pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.streams')).rows[0]!.n;
      await readWholeLog(store); // warm the cache: the relays below read a warm log too
      const read = await readWholeLog(store);
      const last = read.last!.position;
      const readRate = read.events / read.seconds;
      progress(BENCH, `readAll alone: ${read.events} events (${streams} streams) in ${read.seconds.toFixed(2)} s`);
      const baseline = { name: `readAll alone, pages of ${PAGE}`, value: readRate };
      const figures: BenchFigure[] = [{ name: `relay: readAll alone, ${written} events, ${streams} streams, pages of ${PAGE}`, value: readRate, unit: 'events/s' }];
      for (const bus of buses) {
        const publisher = await bus.open(pool);
        const relay = new Relay({ store, pool, publisher, name: `bench-${bus.short}`, batchSize: PAGE, onError: (error) => progress(BENCH, `relay (${bus.short}) failed: ${String(error)}`) });
        progress(BENCH, `relay on ${bus.label} from position zero`);
        try {
          const began = performance.now();
          await relay.start();
          await within(DRAIN_TIMEOUT_MS * 5, `relay on ${bus.label}`, relay.waitForCheckpoint(last));
          const seconds = (performance.now() - began) / 1000;
          const stats = relay.stats();
          const rate = (stats.eventsPublished + stats.eventsSkipped) / seconds;
          progress(BENCH, `relay on ${bus.label}: ${stats.eventsPublished} published, ${stats.eventsSkipped} skipped, ${stats.batchesPublished} batches, ${stats.restarts} restarts, ${seconds.toFixed(2)} s`);
          figures.push({ name: `relay ${bus.short}: store → acknowledged + checkpointed, ${written} events`, value: rate, unit: 'events/s', baseline, ratio: rate / readRate });
          if (stats.restarts > 0) figures.push({ name: `relay ${bus.short}: restarts during the run`, value: stats.restarts, unit: 'restarts', target: '= 0' });
        } finally {
          await relay.stop();
          await publisher.close?.();
        }
      }
      return figures;
    } finally {
      await store.close();
      await pool.end();
    }
  });
}

// ---------------------------------------------------------------- end to end

interface AuditSighting {
  /** Wall-clock ms when the poll first returned the row. */
  seenAt: number;
  /** The row's written_at in ms (the consumer transaction's start). */
  writtenAt: number;
}

/** Polls audit.entries for rows after `afterSeq` every AUDIT_POLL_MS; records each BookingRequested row by booking id. */
function watchAuditLog(pool: pg.Pool, afterSeq: string): { seen: Map<string, AuditSighting>; rows: { count: number; firstAt: number; lastAt: number }; stop(): Promise<void> } {
  const seen = new Map<string, AuditSighting>();
  const counted = { count: 0, firstAt: NaN, lastAt: NaN };
  let stopped = false;
  let last = afterSeq;
  const done = (async () => {
    while (!stopped) {
      const { rows } = await pool.query<{ seq: string; stream_id: string; event_type: string; written_ms: number }>(
        `SELECT seq::text AS seq, stream_id, event_type, (extract(epoch FROM written_at) * 1000)::float8 AS written_ms
           FROM audit.entries WHERE seq > $1 ORDER BY seq LIMIT 5000`,
        [last],
      );
      const at = wallClockMs();
      if (rows.length > 0) {
        if (counted.count === 0) counted.firstAt = at;
        counted.count += rows.length;
        counted.lastAt = at;
      }
      for (const row of rows) {
        if (row.event_type === 'BookingRequested') seen.set(row.stream_id.slice('booking-'.length), { seenAt: at, writtenAt: row.written_ms });
        last = row.seq;
      }
      await sleep(AUDIT_POLL_MS);
    }
  })();
  return {
    seen,
    rows: counted,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

/** Waits until the relay and the audit consumer have caught up with everything in the store now. */
async function drain(store: EventStore, relay: Relay, pool: pg.Pool): Promise<void> {
  const { last, lastRelayed } = await readWholeLog(store);
  if (!last || !lastRelayed) return;
  await within(DRAIN_TIMEOUT_MS, 'relay catching up', relay.waitForCheckpoint(last.position));
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while ((await pool.query('SELECT 1 FROM audit.entries WHERE event_id = $1', [lastRelayed.id])).rowCount === 0) {
    if (Date.now() > deadline) throw new Error('the audit log consumer did not catch up with the setup events');
    await sleep(20);
  }
}

interface EndToEnd {
  seconds: number;
  sentRate: number;
  acceptedRate: number;
  accepted: number;
  /** Accepted bookings whose audit row never appeared (within the drain timeout). */
  missing: number;
  nonCreated: number;
  /** Audit rows of the run (every event of every command) per second, first to last seen. */
  auditRate: number;
  auditRows: number;
  visible: LatencySummary;
  written: LatencySummary;
  /** Where the time went: 201 → BookingRequested published → audit transaction started → row visible. */
  stages: { relay: LatencySummary; toConsumer: LatencySummary; transaction: LatencySummary };
}

async function measureEndToEnd(adminUrl: string, bus: BusUnderTest, seconds: number): Promise<EndToEnd> {
  return withBenchDatabase(adminUrl, `e2e_${bus.short.replace(/\W+/g, '_')}`, async (url) => {
    const api = await startInProcessApi(url, bus.env);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const { relay } = await startMessaging(api.runtime);
      const store = api.runtime.container.get<EventStore>(SERVICES.EventStore);
      progress(BENCH, `${bus.short}: creating ${SPACES} spaces and ${CLIENTS} bookers`);
      const spaceIds = await createAlwaysOpenSpaces(api.runtime.container.get<CatalogCommands>(SERVICES.CatalogCommands), SPACES);
      const tokens = await Promise.all(Array.from({ length: CLIENTS }, () => api.tokenFor(randomUUID(), ['booker'])));
      progress(BENCH, `${bus.short}: waiting for the relay and the audit consumer to catch up with the setup`);
      await drain(store, relay, pool);
      const afterSeq = (await pool.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM audit.entries')).rows[0]!.seq;
      const watch = watchAuditLog(pool, afterSeq);
      progress(BENCH, `${bus.short}: ${CLIENTS} clients paced at ${RATE} bookings/s for ${seconds} s (after 2 s warm-up)`);
      const load = await runPacedBookings({ baseUrl: api.baseUrl, spaceIds, tokens, rate: RATE, warmupMs: 2_000, durationMs: seconds * 1000 });
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (load.accepted.some((a) => !watch.seen.has(a.bookingId)) && Date.now() < deadline) await sleep(50);
      await watch.stop();
      for (const [status, { count, sample }] of Object.entries(load.others)) progress(BENCH, `${bus.short}: answer ${status} ×${count}: ${sample}`);
      const published = await bus.publishedAt(pool);
      const requested = new Map(
        (await pool.query<{ stream_id: string; event_id: string }>(`SELECT stream_id, event_id::text FROM eventstore.events WHERE event_type = 'BookingRequested'`)).rows.map((r) => [
          r.stream_id.slice('booking-'.length),
          r.event_id,
        ]),
      );
      const visible: number[] = [];
      const written: number[] = [];
      const stages = { relay: [] as number[], toConsumer: [] as number[], transaction: [] as number[] };
      for (const a of load.accepted) {
        const sighting = watch.seen.get(a.bookingId);
        if (!sighting) continue;
        visible.push(sighting.seenAt - a.acceptedAt);
        written.push(sighting.writtenAt - a.acceptedAt);
        const eventId = requested.get(a.bookingId);
        const publishedAt = eventId === undefined ? undefined : published.get(eventId);
        if (publishedAt === undefined) continue;
        stages.relay.push(publishedAt - a.acceptedAt);
        stages.toConsumer.push(sighting.writtenAt - publishedAt);
        stages.transaction.push(sighting.seenAt - sighting.writtenAt);
      }
      return {
        seconds: load.seconds,
        sentRate: load.sent / load.seconds,
        acceptedRate: load.accepted.length / load.seconds,
        accepted: load.accepted.length,
        missing: load.accepted.length - visible.length,
        nonCreated: Object.values(load.others).reduce((n, o) => n + o.count, 0),
        auditRows: watch.rows.count,
        auditRate: watch.rows.count / ((watch.rows.lastAt - watch.rows.firstAt) / 1000),
        visible: summarizeLatencies(visible),
        written: summarizeLatencies(written),
        stages: { relay: summarizeLatencies(stages.relay), toConsumer: summarizeLatencies(stages.toConsumer), transaction: summarizeLatencies(stages.transaction) },
      };
    } finally {
      await pool.end();
      await api.close();
    }
  });
}

function endToEndFigures(bus: BusUnderTest, run: EndToEnd, baseline?: { bus: BusUnderTest; run: EndToEnd }): BenchFigure[] {
  const name = (what: string) => `e2e ${bus.short}: ${what}`;
  const vs = (pick: (r: EndToEnd) => number, what: string): Pick<BenchFigure, 'baseline' | 'ratio'> =>
    baseline ? { baseline: { name: `${baseline.bus.short} ${what}`, value: pick(baseline.run) }, ratio: pick(run) / pick(baseline.run) } : {};
  return [
    { name: name(`requests sent (paced at ${RATE}/s, ${CLIENTS} clients)`), value: run.sentRate, unit: 'req/s' },
    { name: name('bookings accepted (201)'), value: run.acceptedRate, unit: 'commands/s' },
    { name: name('answers other than 201 (409 conflicts included)'), value: run.nonCreated, unit: 'requests' },
    { name: name(`audit rows written, first to last seen (${run.auditRows} rows)`), value: run.auditRate, unit: 'rows/s' },
    { name: name('accepted bookings without an audit row'), value: run.missing, unit: `of ${run.accepted}`, target: '= 0' },
    { name: name('201 → audit row visible, p50'), value: run.visible.p50, unit: 'ms', ...vs((r) => r.visible.p50, 'p50') },
    { name: name('201 → audit row visible, p95'), value: run.visible.p95, unit: 'ms', ...vs((r) => r.visible.p95, 'p95') },
    { name: name('201 → audit row visible, p99'), value: run.visible.p99, unit: 'ms', ...vs((r) => r.visible.p99, 'p99') },
    { name: name('201 → audit row visible, max'), value: run.visible.max, unit: 'ms' },
    { name: name('201 → audit written_at (tx start), p50'), value: run.written.p50, unit: 'ms' },
    { name: name('201 → audit written_at (tx start), p99'), value: run.written.p99, unit: 'ms' },
    { name: name('stage: 201 → published (relay), p50'), value: run.stages.relay.p50, unit: 'ms' },
    { name: name('stage: 201 → published (relay), p99'), value: run.stages.relay.p99, unit: 'ms' },
    { name: name('stage: published → audit tx start (bus + consumer queue), p50'), value: run.stages.toConsumer.p50, unit: 'ms' },
    { name: name('stage: published → audit tx start (bus + consumer queue), p99'), value: run.stages.toConsumer.p99, unit: 'ms' },
    { name: name('stage: audit tx start → row visible, p50'), value: run.stages.transaction.p50, unit: 'ms' },
    { name: name('stage: audit tx start → row visible, p99'), value: run.stages.transaction.p99, unit: 'ms' },
  ];
}

// ---------------------------------------------------------------- the benchmark

export async function runMessagingBench(opts: BenchOptions): Promise<BenchFigure[]> {
  const scale = opts.scale ?? 1;
  const events = Math.max(2_000, Math.round(50_000 * scale));
  const seconds = scale >= 1 ? 20 : 10;
  const missing = kafkaPrerequisitesMissing();
  let broker: KafkaBroker | undefined;
  if (missing) progress(BENCH, `SKIPPING the Kafka part: ${missing}`);
  else {
    progress(BENCH, 'starting a Kafka broker (scripts/kafka)');
    broker = await startKafkaBroker();
    progress(BENCH, `Kafka ${broker.version} at ${broker.brokers.join(',')}, ${KAFKA_PARTITIONS} partitions per context topic`);
  }
  try {
    const inProcess: BusUnderTest = {
      label: `the in-process bus (PostgreSQL log, ${IN_PROCESS_PARTITIONS} partitions)`,
      short: 'in-process',
      open: async (pool) => new InProcessBus(pool, { partitions: IN_PROCESS_PARTITIONS }),
      env: {},
      publishedAt: busPublishTimes,
    };
    const kafka: BusUnderTest | undefined = broker && {
      label: `Kafka ${broker.version} (${KAFKA_PARTITIONS} partitions)`,
      short: `kafka ${broker.version}`,
      open: async () => {
        const bus = new KafkaBus({ brokers: broker.brokers, clientId: 'reserva-bench-relay', partitions: KAFKA_PARTITIONS, onError: (e) => progress(BENCH, `kafka: ${String(e)}`) });
        await bus.prepare();
        return bus;
      },
      env: { KAFKA_BROKERS: broker.brokers.join(','), KAFKA_PARTITIONS: String(KAFKA_PARTITIONS) },
      publishedAt: () => kafkaPublishTimes(broker.brokers),
    };
    const figures: BenchFigure[] = [];
    // Kafka first: its audit consumer group reads the topics from the beginning, which must be empty.
    const kafkaRun = kafka && (await measureEndToEnd(opts.adminUrl, kafka, seconds));
    const inProcessRun = await measureEndToEnd(opts.adminUrl, inProcess, seconds);
    if (kafka && kafkaRun) figures.push(...endToEndFigures(kafka, kafkaRun, { bus: inProcess, run: inProcessRun }));
    figures.push(...endToEndFigures(inProcess, inProcessRun));
    figures.push(...(await measureRelayThroughput(opts.adminUrl, events, kafka ? [kafka, inProcess] : [inProcess])));
    if (missing) figures.push({ name: `Kafka part skipped: ${missing}`, value: 0, unit: 'figures' });
    return figures;
  } finally {
    await broker?.stop();
  }
}

if (isMain(import.meta.url)) await runStandalone(runMessagingBench);
