import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/platform/embedded-postgres.js';
import type { EventMetadata, EventToAppend } from '../src/shared/event-store/event-store.js';
import { DEFAULT_EVENT_STORE_SCHEMA, ensureEventStoreSchema } from '../src/shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../src/shared/event-store/postgres/postgres-event-store.js';
import { formatBenchFigures, type BenchFigure } from './bench-figure.js';

/**
 * Event append throughput of the PostgreSQL adapter (single- and 10-event appends, 1 and 8
 * writers, each writer on its own stream with numeric expected revisions), against:
 * - the ceiling: plain INSERT transactions (one row, or one 10-row INSERT) into a table of the
 *   same shape (same columns and indexes) on the same server in the same run;
 * - Emmett's PostgreSQL event store, the best-known TypeScript peer.
 */

/** One contender: `writer(i)` returns the function that performs one append for writer i. */
interface Contender {
  name: string;
  writer(index: number): () => Promise<void>;
  close(): Promise<void>;
}

const execFileAsync = promisify(execFile);

/** Each contender measures `seconds` in this many turns; the figure is the median turn. */
const ROUNDS = 5;
const EMMETT = 'Emmett PostgreSQL event store';
const EMMETT_WORKER_FLAG = '--emmett-worker';

/** The baseline table: the columns, defaults and indexes of the event store's `events` (not its triggers). */
const PLAIN_TABLE_SQL = `CREATE SCHEMA plain; CREATE TABLE plain.events (LIKE ${DEFAULT_EVENT_STORE_SCHEMA}.events INCLUDING ALL)`;

const METADATA: EventMetadata = {
  schemaVersion: 1,
  occurredAt: '2030-03-04T09:30:00.000Z',
  actor: { id: '5d1c1f0e-3c43-4f57-9a59-0b0f3f8f2a11', kind: 'user' },
  correlationId: '3b0b6b8e-59a4-4b8e-9d0c-8c0b8f4c1d22',
  causationId: '9f1e2d3c-4b5a-4c6d-8e7f-a0b1c2d3e4f5',
};

function anEvent(): EventToAppend {
  return {
    id: randomUUID(),
    type: 'BookingRequested',
    data: {
      bookingId: randomUUID(),
      spaceId: 'space-0042',
      range: { start: '2030-03-05T09:00:00.000Z', end: '2030-03-05T10:30:00.000Z' },
      purpose: 'Quarterly planning',
      participants: 8,
      resources: [{ resourceId: 'projector-1', quantity: 1 }],
    },
    metadata: METADATA,
  };
}

/**
 * pool.end() resolves before its connections are gone; dropping the database right after
 * (WITH FORCE) then fails them, which is harmless here but would crash an unlistened pool.
 */
function benchPool(url: string, max: number): pg.Pool {
  return new pg.Pool({ connectionString: url, max }).on('error', () => {});
}

async function plainContender(url: string, writers: number, batch: number, run: string): Promise<Contender> {
  const pool = benchPool(url, writers);
  const columns = 6;
  const text = `INSERT INTO plain.events (stream_id, stream_revision, event_id, event_type, data, metadata) VALUES ${Array.from(
    { length: batch },
    (_, row) => `(${Array.from({ length: columns }, (_, c) => `$${row * columns + c + 1}`).join(', ')})`,
  ).join(', ')}`;
  return {
    name: batch === 1 ? 'plain single-row INSERT transactions' : `plain ${batch}-row INSERT transactions`,
    writer(index) {
      const streamId = `plain-${run}-${index}`;
      let revision = 0;
      return async () => {
        const values = Array.from({ length: batch }, () => anEvent()).flatMap((e) => [streamId, revision++, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)]);
        await pool.query({ name: `plain_insert_${batch}`, text, values });
      };
    },
    close: () => pool.end(),
  };
}

async function reservaContender(url: string, writers: number, batch: number, run: string): Promise<Contender> {
  const pool = benchPool(url, writers);
  const store = new PostgresEventStore(pool);
  return {
    name: 'Reserva PostgresEventStore',
    writer(index) {
      const streamId = `reserva-${run}-${index}`;
      let revision = -1;
      return async () => {
        const result = await store.appendToStream(
          streamId,
          Array.from({ length: batch }, () => anEvent()),
          { expectedRevision: revision < 0 ? 'no_stream' : revision },
        );
        revision = result.nextExpectedRevision;
      };
    },
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

async function emmettContender(url: string, writers: number, batch: number, run: string): Promise<Contender> {
  const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
  // Emmett manages its own pool (pg's default size, 10, covers 8 writers).
  const store = getPostgreSQLEventStore(url);
  return {
    name: EMMETT,
    writer(index) {
      const streamId = `emmett-${run}-${index}`;
      let version = 0n;
      return async () => {
        const events = Array.from({ length: batch }, () => anEvent()).map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...e.metadata } }));
        const result = await store.appendToStream(streamId, events, { expectedStreamVersion: version });
        version = result.nextExpectedStreamVersion;
      };
    },
    close: () => store.close(),
  };
}

/** A contender measured in slices, so contenders can take turns and share the machine's drift. */
interface Measured {
  name: string;
  /** Appends per second over one slice of `seconds`. */
  slice(seconds: number): Promise<number>;
  close(): Promise<void>;
}

function inProcess(contender: Contender, writers: number): Measured {
  const appendFns = Array.from({ length: writers }, (_, i) => contender.writer(i));
  let warm = false;
  return {
    name: contender.name,
    async slice(seconds) {
      if (!warm) await runFor(appendFns, Math.min(1_000, seconds * 200));
      warm = true;
      const started = performance.now();
      const appends = await runFor(appendFns, seconds * 1_000);
      return appends / ((performance.now() - started) / 1_000);
    },
    close: () => contender.close(),
  };
}

/** All writers append back to back for `ms`; returns how many appends completed. */
async function runFor(appendFns: Array<() => Promise<void>>, ms: number): Promise<number> {
  const until = performance.now() + ms;
  const counts = await Promise.all(
    appendFns.map(async (append) => {
      let count = 0;
      while (performance.now() < until) {
        await append();
        count += 1;
      }
      return count;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Emmett runs in a child process: its SQL layer changes pg's global type parsers (which would
 * also slow the other contenders) and can leave a connection open after `close()`.
 */
function emmettInChild(url: string, writers: number, batch: number, run: string): Measured {
  const thisFile = fileURLToPath(import.meta.url);
  let slices = 0;
  return {
    name: EMMETT,
    async slice(seconds) {
      slices += 1;
      const args = JSON.stringify({ url, writers, batch, seconds, run: `${run}-${slices}` });
      const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', thisFile, EMMETT_WORKER_FLAG, args], {
        cwd: path.resolve(path.dirname(thisFile), '..'),
        maxBuffer: 1 << 20,
      });
      const rate = Number(stdout.trim().split('\n').at(-1));
      if (!Number.isFinite(rate)) throw new Error(`unexpected output from the Emmett worker: ${stdout}`);
      return rate;
    },
    close: async () => {},
  };
}

async function emmettWorker(args: string): Promise<void> {
  const { url, writers, batch, seconds, run } = JSON.parse(args) as { url: string; writers: number; batch: number; seconds: number; run: string };
  const contender = await emmettContender(url, writers, batch, run);
  const rate = await inProcess(contender, writers).slice(seconds);
  await contender.close();
  console.log(rate);
  process.exit(0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function withDatabase<T>(adminUrl: string, use: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_append_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await use(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function runEventAppendBench(opts: { adminUrl: string; seconds?: number }): Promise<BenchFigure[]> {
  const seconds = opts.seconds ?? 10;
  return withDatabase(opts.adminUrl, async (url) => {
    const setup = benchPool(url, 2);
    await ensureEventStoreSchema(setup);
    await setup.query(PLAIN_TABLE_SQL);
    await setup.end();

    let emmettProblem: string | undefined;
    const figures: BenchFigure[] = [];
    for (const batch of [1, 10]) {
      for (const writers of [1, 8]) {
        const scenario = `append ${batch === 1 ? '1 event' : `${batch} events`}, ${writers} writer${writers === 1 ? '' : 's'}`;
        const run = randomUUID().slice(0, 8);
        const contenders = [inProcess(await plainContender(url, writers, batch, run), writers), inProcess(await reservaContender(url, writers, batch, run), writers)];
        if (!emmettProblem) contenders.push(emmettInChild(url, writers, batch, run));
        const rates = new Map<Measured, number[]>(contenders.map((c) => [c, []]));
        try {
          for (let round = 0; round < ROUNDS; round++) {
            // Take turns in a rotating order, so no contender always runs first or last.
            for (const contender of [...contenders.slice(round % contenders.length), ...contenders.slice(0, round % contenders.length)]) {
              try {
                rates.get(contender)!.push(await contender.slice(seconds / ROUNDS));
              } catch (error) {
                if (contender.name !== EMMETT) throw error;
                emmettProblem = error instanceof Error ? error.message : String(error);
                contenders.splice(contenders.indexOf(contender), 1);
                rates.delete(contender);
              }
            }
          }
        } finally {
          await Promise.all(contenders.map((c) => c.close()));
        }
        const [plain, reserva, emmett] = [...rates].map(([c, values]) => ({ name: c.name, value: median(values) }));
        figures.push({ name: `${scenario}: ${plain!.name}`, value: plain!.value, unit: 'tx/s' });
        figures.push({ name: `${scenario}: ${reserva!.name}`, value: reserva!.value, unit: 'appends/s', baseline: plain, ratio: reserva!.value / plain!.value, target: '≥ 0.7' });
        if (emmett) {
          figures.push({ name: `${scenario}: ${emmett.name}`, value: emmett.value, unit: 'appends/s', baseline: plain, ratio: emmett.value / plain!.value });
          figures.push({ name: `${scenario}: Reserva vs Emmett`, value: reserva!.value, unit: 'appends/s', baseline: emmett, ratio: reserva!.value / emmett.value, target: '≥ 1.5' });
        }
      }
    }
    if (emmettProblem) console.warn(`Emmett PostgreSQL event store could not run, its figures are missing: ${emmettProblem}`);
    return figures;
  });
}

async function main(): Promise<void> {
  const secondsArg = process.argv.find((a) => a.startsWith('--seconds='));
  const seconds = Number(secondsArg?.slice('--seconds='.length) ?? process.env.BENCH_SECONDS ?? 10);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'reserva-bench-append-'));
  const server = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
  try {
    const figures = await runEventAppendBench({ adminUrl: server.adminUrl, seconds });
    console.log(formatBenchFigures(figures));
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const worker = process.argv.indexOf(EMMETT_WORKER_FLAG);
  if (worker >= 0) await emmettWorker(process.argv[worker + 1]!);
  else await main();
}
