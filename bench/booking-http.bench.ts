import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Projector } from '../projections/projector.js';
import type { CatalogCommands } from '../src/catalog/application/catalog-commands.js';
import { SERVICES } from '../src/platform/container.js';
import type { BenchFigure } from './bench-figure.js';
import { createAlwaysOpenSpaces } from './support/always-open-spaces.js';
import { runInChildProcess } from './support/child-process-load.js';
import { isMain, progress, runStandalone, type BenchOptions } from './support/bench-cli.js';
import { withBenchDatabase } from './support/bench-database.js';
import type { LoadPlan, LoadResult } from './support/booking-load-client.js';
import { startInProcessApi } from './support/in-process-api.js';
import { summarizeLatencies } from './support/latency.js';
import { measurePlainInsertRate } from './support/plain-insert-rate.js';

/**
 * Booking requests through HTTP, in both placement modes (atomic, the default on PostgreSQL, and
 * the store-agnostic protocol EventStoreDB runs): the real API (src/main/api.ts's wiring, in
 * this process) on a fresh database each, 32 concurrent clients (a child process) POSTing
 * /api/v1/bookings over many 24/7 spaces, against plain single-row INSERT commits at the same
 * concurrency measured in the same run; then the same clients paced at half the rate reached,
 * for latency without saturation. The API runs alone, as the production `api` entry point does (no projector in the
 * process during the load). Afterwards the log and the read models (projected after the run) are
 * checked for overlapping holds on any space.
 */
const BENCH = 'booking-http';
const CLIENTS = 32;

/** Runs the clients in a child process and returns what they saw. */
function runClients(plan: LoadPlan): Promise<LoadResult> {
  return runInChildProcess(new URL('./support/booking-load-client.ts', import.meta.url), plan, 'load client');
}

/** Pairs of confirmed bookings on one space whose held ranges [start, holdUntil) overlap, from the log alone. */
const OVERLAPPING_CONFIRMED_BOOKINGS = `
  WITH placed AS (
    SELECT r.stream_id, r.data->>'spaceId' AS space_id,
           tstzrange((r.data->>'start')::timestamptz, (r.data->>'holdUntil')::timestamptz, '[)') AS during
      FROM eventstore.events r
     WHERE r.event_type = 'BookingRequested'
       AND EXISTS (SELECT 1 FROM eventstore.events c WHERE c.stream_id = r.stream_id AND c.event_type = 'BookingConfirmed')
  )
  SELECT (SELECT count(*) FROM placed) AS confirmed,
         (SELECT count(*) FROM placed a JOIN placed b ON a.space_id = b.space_id AND a.stream_id < b.stream_id AND a.during && b.during) AS overlaps`;

/** Schedule holds still in force (reserved, never released) that overlap another one on the same target. */
const OVERLAPPING_HELD_SLOTS = `
  WITH held AS (
    SELECT r.data->>'targetId' AS target_id, r.data->>'reservationId' AS reservation_id,
           tstzrange((r.data->>'start')::timestamptz, (r.data->>'end')::timestamptz, '[)') AS during
      FROM eventstore.events r
     WHERE r.event_type = 'SlotReserved'
       AND NOT EXISTS (SELECT 1 FROM eventstore.events x WHERE x.stream_id = r.stream_id AND x.event_type = 'SlotReleased' AND x.data->>'reservationId' = r.data->>'reservationId')
  )
  SELECT (SELECT count(DISTINCT reservation_id) FROM held) AS held,
         (SELECT count(*) FROM held a JOIN held b ON a.target_id = b.target_id AND a.reservation_id < b.reservation_id AND a.during && b.during) AS overlaps`;

/** The same question asked of the occupancy read model and the bookings read model. */
const READ_MODEL_CHECK = `
  SELECT (SELECT count(*) FROM rm.bookings WHERE status = 'confirmed') AS confirmed,
         (SELECT count(*) FROM rm.occupancy a JOIN rm.occupancy b
             ON a.target_id = b.target_id AND a.reservation_id < b.reservation_id AND a.during && b.during
          WHERE a.target_kind = 'space') AS overlaps`;

/** The placement modes of the booking command (ATOMIC_PLACEMENT, src/platform/config.ts). */
const MODES = [
  { atomic: true, label: 'atomic placement (default on PostgreSQL)', short: 'atomic' },
  { atomic: false, label: 'store-agnostic placement protocol (ATOMIC_PLACEMENT=false, as on EventStoreDB)', short: 'protocol' },
] as const;

interface ModeRun {
  spaces: number;
  seconds: number;
  /** Measured with the first mode, reused as the baseline of the next. */
  plainRate?: number;
}

/** One placement mode on its own fresh database: load, paced load, overlap checks. */
async function measureMode(adminUrl: string, mode: (typeof MODES)[number], run: ModeRun): Promise<{ figures: BenchFigure[]; plainRate: number }> {
  return withBenchDatabase(adminUrl, `booking_${mode.short}`, async (url) => {
    const api = await startInProcessApi(url, { ATOMIC_PLACEMENT: String(mode.atomic) });
    try {
      const pool = api.runtime.container.get<pg.Pool>(SERVICES.ReadPool);
      progress(BENCH, `${mode.short}: creating ${run.spaces} spaces`);
      const spaceIds = await createAlwaysOpenSpaces(api.runtime.container.get<CatalogCommands>(SERVICES.CatalogCommands), run.spaces);
      progress(BENCH, `${mode.short}: registering ${CLIENTS} bookers and starting a session for each`);
      const tokens = await Promise.all(Array.from({ length: CLIENTS }, () => api.tokenFor(randomUUID(), ['booker'])));

      const figures: BenchFigure[] = [];
      let plainRate = run.plainRate;
      if (plainRate === undefined) {
        progress(BENCH, `plain single-row INSERT commits, ${CLIENTS} connections`);
        plainRate = await measurePlainInsertRate(url, { connections: CLIENTS, seconds: Math.max(3, Math.round(5 * (run.seconds / 20))) });
        figures.push({ name: `booking HTTP: plain single-row INSERT commits, ${CLIENTS} connections`, value: plainRate, unit: 'commits/s' });
      }

      progress(BENCH, `${mode.short}: ${CLIENTS} HTTP clients for ${run.seconds}s`);
      const plan = { baseUrl: api.baseUrl, spaceIds, clients: CLIENTS, tokens, conflictShare: 0.05, horizonDays: 80 };
      const load = await runClients({ ...plan, warmupMs: Math.min(3_000, run.seconds * 250), durationMs: run.seconds * 1000 });
      const rate = load.confirmed / load.seconds;
      const latency = summarizeLatencies(load.latencies);
      const halfRate = Math.max(10, Math.round(load.latencies.length / load.seconds / 2));
      const pacedSeconds = Math.max(2, Math.round(run.seconds / 2));
      progress(BENCH, `${mode.short}: ${CLIENTS} HTTP clients paced at ${halfRate} requests/s (half the rate reached) for ${pacedSeconds}s`);
      const paced = await runClients({ ...plan, warmupMs: 1_000, durationMs: pacedSeconds * 1000, rate: halfRate });
      const pacedLatency = summarizeLatencies(paced.latencies);
      for (const [status, { count, sample }] of [...Object.entries(load.others), ...Object.entries(paced.others)]) progress(BENCH, `unexpected answer ${status} ×${count}: ${sample}`);

      progress(BENCH, `${mode.short}: checking for overlaps in the log and (after projecting) in the read models`);
      const log = (await pool.query<{ confirmed: string; overlaps: string }>(OVERLAPPING_CONFIRMED_BOOKINGS)).rows[0]!;
      const slots = (await pool.query<{ held: string; overlaps: string }>(OVERLAPPING_HELD_SLOTS)).rows[0]!;
      await api.runtime.container.get<Projector>(SERVICES.Projector).catchUp();
      const readModel = (await pool.query<{ confirmed: string; overlaps: string }>(READ_MODEL_CHECK)).rows[0]!;
      const overlaps = Number(log.overlaps) + Number(slots.overlaps) + Number(readModel.overlaps);
      const answered201 = load.confirmedTotal + paced.confirmedTotal;
      if (Number(log.confirmed) !== answered201 || Number(readModel.confirmed) !== answered201) {
        progress(BENCH, `MISMATCH: clients got ${answered201} confirmations, the log has ${log.confirmed} confirmed bookings, the read model ${readModel.confirmed}`);
      }
      const requests = load.latencies.length;
      const plain = { name: `plain single-row INSERT, ${CLIENTS} conns`, value: plainRate };
      const name = (what: string) => `booking HTTP, ${mode.short}: ${what}`;
      progress(BENCH, `${mode.short} = ${mode.label}`);
      figures.push(
        { name: name(`confirmed bookings, ${CLIENTS} clients, ${run.spaces} spaces`), value: rate, unit: 'bookings/s', baseline: plain, ratio: rate / plain.value, target: mode.atomic ? '≥ 0.15' : undefined },
        { name: name('requests answered (201 + 409)'), value: requests / load.seconds, unit: 'req/s' },
        { name: name('409 conflicts (5% repeat a taken slot)'), value: load.expectedConflicts + load.randomConflicts, unit: `of ${requests} requests` },
        { name: name('other answers (not 201/409) or transport errors'), value: [load, paced].flatMap((l) => Object.values(l.others)).reduce((n, o) => n + o.count, 0), unit: 'requests', target: '= 0' },
        { name: name('latency p50'), value: latency.p50, unit: 'ms' },
        { name: name('latency p95'), value: latency.p95, unit: 'ms' },
        { name: name('latency p99'), value: latency.p99, unit: 'ms', target: mode.atomic ? '< 50 ms' : undefined },
        { name: name(`latency p50 at half load (${halfRate} req/s paced)`), value: pacedLatency.p50, unit: 'ms' },
        { name: name(`latency p99 at half load (${halfRate} req/s paced)`), value: pacedLatency.p99, unit: 'ms' },
        { name: name('overlapping holds (log, schedule, read model)'), value: overlaps, unit: `pairs among ${log.confirmed} bookings`, target: '= 0' },
      );
      return { figures, plainRate };
    } finally {
      await api.close();
    }
  });
}

export async function runBookingHttpBench(opts: BenchOptions): Promise<BenchFigure[]> {
  const scale = opts.scale ?? 1;
  const run: ModeRun = { spaces: Math.max(50, Math.round(500 * scale)), seconds: Math.max(4, Math.round(20 * scale)) };
  const figures: BenchFigure[] = [];
  for (const mode of MODES) {
    const measured = await measureMode(opts.adminUrl, mode, run);
    run.plainRate ??= measured.plainRate;
    figures.push(...measured.figures);
  }
  return figures;
}

if (isMain(import.meta.url)) await runStandalone(runBookingHttpBench);
