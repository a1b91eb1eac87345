import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmbeddedPostgres } from '../../src/platform/embedded-postgres.js';
import { formatBenchFigures, type BenchFigure } from '../bench-figure.js';

export interface BenchOptions {
  /** Connection string of a superuser; each benchmark creates (and drops) its own database. */
  adminUrl: string;
  /** 1 = the full size; smaller for a quick run. */
  scale?: number;
}

/** Whether the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(path.resolve(process.argv[1])).href;
}

/** `--quick` (scale 0.1) or `--scale=<n>` from the command line; default 1. */
export function scaleFromArgs(argv: readonly string[] = process.argv.slice(2)): number {
  if (argv.includes('--quick')) return 0.1;
  const arg = argv.find((a) => a.startsWith('--scale='));
  if (!arg) return 1;
  const scale = Number(arg.slice('--scale='.length));
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be a number in (0, 1], got ${arg}`);
  return scale;
}

/** Runs `use` against a throwaway embedded PostgreSQL in a temporary folder. */
export async function withEmbeddedServer<T>(use: (adminUrl: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'reserva-bench-'));
  const server = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
  try {
    return await use(server.adminUrl);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** `npx tsx bench/<name>.bench.ts [--quick|--scale=n]`: one benchmark on its own server. */
export async function runStandalone(bench: (opts: BenchOptions) => Promise<BenchFigure[]>): Promise<void> {
  const scale = scaleFromArgs();
  // Other work on the machine skews every figure; the load average at start and end tells.
  const loadAtStart = os.loadavg()[0]!;
  const figures = await withEmbeddedServer((adminUrl) => bench({ adminUrl, scale }));
  console.log(`scale ${scale}, ${os.cpus().length} CPUs, load average ${loadAtStart.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after\n`);
  console.log(formatBenchFigures(figures));
}

/** Console progress for long benchmarks, on stderr so the figure table stays clean on stdout. */
export function progress(bench: string, message: string): void {
  process.stderr.write(`[${bench}] ${message}\n`);
}
