import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { kafkaPrerequisitesMissing, startKafkaBroker, type KafkaBroker } from '../scripts/kafka/kafka-broker.js';
import type { CatalogCommands } from '../src/catalog/application/catalog-commands.js';
import { SERVICES } from '../src/platform/container.js';
import { startMessaging } from '../src/platform/start-messaging.js';
import { START, type EventStore, type FromPosition, type Position } from '../src/shared/event-store/event-store.js';
import { startEntryPointProcess } from '../test/support/api-process.js';
import type { BenchFigure } from './bench-figure.js';
import { createAlwaysOpenSpaces } from './support/always-open-spaces.js';
import { isMain, progress, runStandalone, type BenchOptions } from './support/bench-cli.js';
import { withBenchDatabase } from './support/bench-database.js';
import { startInProcessApi } from './support/in-process-api.js';
import { summarizeLatencies, type LatencySummary } from './support/latency.js';
import { holdSockets, listenForNotifications } from './support/notification-socket-client.js';
import { runPacedBookings } from './support/paced-booking-client.js';

/**
 * Notification figures (issue 5):
 *
 * 1. Command → WebSocket at 200 commands/s: the real API with the relay and the notifications
 *    consumer in this one process (startMessaging, as `npm start` runs them), 32 bookers paced
 *    at 200 POST /api/v1/bookings per second together from a child process, and each booker's
 *    authenticated socket on /api/v1/notifications/stream in another child process. For every
 *    201, the time from its answer arriving to the first notification about that booking
 *    arriving on the booker's socket. Through Kafka, with the in-process bus as the baseline.
 * 2. Sockets one API process holds: a separate API process (src/main/api.ts), authenticated
 *    idle sockets opened in waves from a child process, the API's resident memory (VmRSS)
 *    sampled after each wave. Per-socket memory is the slope from the first to the last wave;
 *    "sockets under 1 GiB" extrapolates it from the baseline when the process's file-descriptor
 *    limit (`ulimit -n`) stops the run before 1 GiB.
 */
const BENCH = 'notifications';
const CLIENTS = 32;
const RATE = 200;
const SPACES = 500;
const KAFKA_PARTITIONS = 6;
const DRAIN_MS = 20_000;
const SOCKETS_PER_PERSON = 4;
const GIB = 1024 ** 3;

interface Bus {
  short: string;
  env: Record<string, string>;
}

interface EndToEnd {
  accepted: number;
  acceptedRate: number;
  missing: number;
  latency: LatencySummary;
}

/** The newest position in the log, so the run starts once the relay has published the setup. */
async function lastPosition(store: EventStore): Promise<Position | undefined> {
  let from: FromPosition = START;
  let last: Position | undefined;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
    if (page.length === 0) return last;
    last = from = page[page.length - 1]!.position;
  }
}

async function measureCommandToSocket(adminUrl: string, bus: Bus, seconds: number): Promise<EndToEnd> {
  return withBenchDatabase(adminUrl, `ws_${bus.short.replace(/\W+/g, '_')}`, async (url) => {
    const api = await startInProcessApi(url, { ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1', ...bus.env });
    try {
      const { relay } = await startMessaging(api.runtime);
      progress(BENCH, `${bus.short}: creating ${SPACES} spaces and ${CLIENTS} bookers`);
      const spaceIds = await createAlwaysOpenSpaces(api.runtime.container.get<CatalogCommands>(SERVICES.CatalogCommands), SPACES);
      const tokens = await Promise.all(Array.from({ length: CLIENTS }, () => api.tokenFor(randomUUID(), ['booker'])));
      const store = api.runtime.container.get<EventStore>(SERVICES.EventStore);
      const last = await lastPosition(store);
      if (last) await relay.waitForCheckpoint(last);
      const warmupMs = 2_000;
      const listeners = listenForNotifications({ baseUrl: api.baseUrl, tokens, listenMs: warmupMs + seconds * 1000 + DRAIN_MS });
      await listeners.ready;
      progress(BENCH, `${bus.short}: ${CLIENTS} bookers paced at ${RATE} bookings/s for ${seconds} s, sockets listening`);
      const load = await runPacedBookings({ baseUrl: api.baseUrl, spaceIds, tokens, rate: RATE, warmupMs, durationMs: seconds * 1000 });
      const seen = await listeners.result;
      const latencies = load.accepted.flatMap((a) => (seen.firstSeen[a.bookingId] === undefined ? [] : [seen.firstSeen[a.bookingId]! - a.acceptedAt]));
      return {
        accepted: load.accepted.length,
        acceptedRate: load.accepted.length / load.seconds,
        missing: load.accepted.length - latencies.length,
        latency: summarizeLatencies(latencies),
      };
    } finally {
      await api.close();
    }
  });
}

function endToEndFigures(bus: Bus, run: EndToEnd, baseline?: { bus: Bus; run: EndToEnd }): BenchFigure[] {
  const name = (what: string) => `ws ${bus.short}: ${what}`;
  const vs = (pick: (l: LatencySummary) => number, what: string): Pick<BenchFigure, 'baseline' | 'ratio'> =>
    baseline ? { baseline: { name: `${baseline.bus.short} ${what}`, value: pick(baseline.run.latency) }, ratio: pick(run.latency) / pick(baseline.run.latency) } : {};
  return [
    { name: name(`bookings accepted (paced at ${RATE}/s)`), value: run.acceptedRate, unit: 'commands/s' },
    { name: name('accepted bookings whose notification never arrived'), value: run.missing, unit: `of ${run.accepted}`, target: '= 0' },
    { name: name('201 → notification on the socket, p50'), value: run.latency.p50, unit: 'ms', ...vs((l) => l.p50, 'p50') },
    { name: name('201 → notification on the socket, p99'), value: run.latency.p99, unit: 'ms', ...vs((l) => l.p99, 'p99') },
    { name: name('201 → notification on the socket, max'), value: run.latency.max, unit: 'ms' },
  ];
}

async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib[1]) * 1024;
}

async function measureSocketCapacity(adminUrl: string, target: number): Promise<BenchFigure[]> {
  return withBenchDatabase(adminUrl, 'ws_capacity', async (url) => {
    const cheapHashes = { ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' };
    // Tokens come from an in-process runtime on the same database (signing keys live there).
    const issuer = await startInProcessApi(url, cheapHashes);
    const people = Math.ceil(target / SOCKETS_PER_PERSON);
    progress(BENCH, `capacity: ${people} people with a token each`);
    const tokens: string[] = [];
    for (let i = 0; i < people; i += 50) tokens.push(...(await Promise.all(Array.from({ length: Math.min(50, people - i) }, () => issuer.tokenFor(randomUUID(), ['booker'])))));
    await issuer.close();
    const api = await startEntryPointProcess('src/main/api.ts', url, cheapHashes);
    const pid = api.process.pid!;
    try {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const baseline = await residentBytes(pid);
      const waves = [0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(target * f));
      const samples: { sockets: number; rss: number }[] = [];
      progress(BENCH, `capacity: API process ${pid} at ${(baseline / 2 ** 20).toFixed(0)} MiB; opening up to ${target} sockets`);
      const held = await holdSockets({ baseUrl: api.baseUrl, tokens, waves }, async (report) => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const rss = await residentBytes(pid);
        samples.push({ sockets: report.opened, rss });
        progress(BENCH, `capacity: ${report.opened} sockets (${report.failed} failed), API RSS ${(rss / 2 ** 20).toFixed(0)} MiB`);
        return rss < GIB && report.failed === 0;
      });
      const first = samples[0]!;
      const lastSample = samples[samples.length - 1]!;
      const perSocket = (lastSample.rss - first.rss) / Math.max(1, lastSample.sockets - first.sockets);
      const underGib = Math.floor((GIB - baseline) / perSocket);
      return [
        { name: 'capacity: API process memory before any socket (VmRSS)', value: baseline / 2 ** 20, unit: 'MiB' },
        { name: `capacity: authenticated idle sockets held (fd limit ${await fdLimit(pid)})`, value: lastSample.sockets, unit: 'sockets' },
        { name: 'capacity: API process memory with them (VmRSS)', value: lastSample.rss / 2 ** 20, unit: 'MiB', target: '< 1024' },
        { name: 'capacity: sockets that failed to open or were dropped', value: held.failed + held.dropped, unit: 'sockets', target: '= 0' },
        { name: 'capacity: memory per socket (slope between first and last wave)', value: perSocket / 1024, unit: 'KiB' },
        { name: 'capacity: sockets one API process holds under 1 GiB (extrapolated from the slope)', value: underGib, unit: 'sockets' },
      ];
    } finally {
      await api.stop();
    }
  });
}

async function fdLimit(pid: number): Promise<string> {
  const limits = await readFile(`/proc/${pid}/limits`, 'utf8');
  return /^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? 'unknown';
}

export async function runNotificationsBench(opts: BenchOptions): Promise<BenchFigure[]> {
  const scale = opts.scale ?? 1;
  const seconds = scale >= 1 ? 20 : 10;
  const missing = kafkaPrerequisitesMissing();
  let broker: KafkaBroker | undefined;
  if (missing) progress(BENCH, `SKIPPING the Kafka part: ${missing}`);
  else broker = await startKafkaBroker();
  try {
    const inProcess: Bus = { short: 'in-process', env: {} };
    const kafka: Bus | undefined = broker && { short: `kafka ${broker.version}`, env: { KAFKA_BROKERS: broker.brokers.join(','), KAFKA_PARTITIONS: String(KAFKA_PARTITIONS) } };
    const figures: BenchFigure[] = [];
    const kafkaRun = kafka && (await measureCommandToSocket(opts.adminUrl, kafka, seconds));
    const inProcessRun = await measureCommandToSocket(opts.adminUrl, inProcess, seconds);
    if (kafka && kafkaRun) figures.push(...endToEndFigures(kafka, kafkaRun, { bus: inProcess, run: inProcessRun }));
    figures.push(...endToEndFigures(inProcess, inProcessRun));
    figures.push(...(await measureSocketCapacity(opts.adminUrl, Math.max(1_000, Math.round(15_000 * scale)))));
    if (missing) figures.push({ name: `Kafka part skipped: ${missing}`, value: 0, unit: 'figures' });
    return figures;
  } finally {
    await broker?.stop();
  }
}

if (isMain(import.meta.url)) await runStandalone(runNotificationsBench);
