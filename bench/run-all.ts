/**
 * `npm run bench [-- --quick | -- --scale=<n>]`: every benchmark in bench/ on one embedded
 * PostgreSQL server (each in its own database), then one table of every figure beside its
 * baseline, ratio and target. `--quick` runs everything at a tenth of the size.
 */
import os from 'node:os';
import { formatBenchFigures, type BenchFigure } from './bench-figure.js';
import { runAnalyticsRebuildBench } from './analytics-rebuild.bench.js';
import { runAnalyticsReportBench } from './analytics-report.bench.js';
import { runAnalyticsRecommendationBench } from './analytics-recommendation.bench.js';
import { runAvailabilitySearchBench } from './availability-search.bench.js';
import { runBookingHttpBench } from './booking-http.bench.js';
import { runIdentityBench } from './identity.bench.js';
import { runMessagingBench } from './messaging.bench.js';
import { runNotificationsBench } from './notifications.bench.js';
import { runProjectionRebuildBench } from './projection-rebuild.bench.js';
import { runWebClientBench } from './web-client.bench.js';
import { progress, scaleFromArgs, withEmbeddedServer, type BenchOptions } from './support/bench-cli.js';

interface Bench {
  name: string;
  run(opts: BenchOptions): Promise<BenchFigure[]>;
}

/** The event append benchmark is optional here: it is skipped with a note when its module or export is missing. */
async function eventAppendBench(): Promise<Bench | string> {
  try {
    const module = (await import('./event-append.bench.js')) as { runEventAppendBench?: (opts: { adminUrl: string; seconds?: number; scale?: number }) => Promise<BenchFigure[]> };
    const run = module.runEventAppendBench;
    if (!run) return 'bench/event-append.bench.ts has no runEventAppendBench export';
    // Five seconds per contender at full size, as the module's default.
    return { name: 'event-append', run: ({ adminUrl, scale = 1 }) => run({ adminUrl, scale, seconds: Math.max(1, Math.round(5 * scale)) }) };
  } catch (error) {
    return `bench/event-append.bench.ts could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const scale = scaleFromArgs();
const began = performance.now();
// Other work on the machine skews every figure; the load average at start and end tells.
const loadAtStart = os.loadavg()[0]!;
const append = await eventAppendBench();
const benches: Bench[] = [
  ...(typeof append === 'string' ? [] : [append]),
  { name: 'booking-http', run: runBookingHttpBench },
  { name: 'projection-rebuild', run: runProjectionRebuildBench },
  { name: 'analytics-rebuild', run: runAnalyticsRebuildBench },
  { name: 'analytics-report', run: runAnalyticsReportBench },
  { name: 'analytics-recommendation', run: runAnalyticsRecommendationBench },
  { name: 'availability-search', run: runAvailabilitySearchBench },
  { name: 'identity', run: runIdentityBench },
  { name: 'messaging', run: runMessagingBench },
  { name: 'notifications', run: runNotificationsBench },
  { name: 'web-client', run: runWebClientBench },
];
const figures: BenchFigure[] = [];
const notes: string[] = typeof append === 'string' ? [`skipped event-append: ${append}`] : [];

await withEmbeddedServer(async (adminUrl) => {
  for (const bench of benches) {
    progress('run-all', `${bench.name} (scale ${scale})`);
    const started = performance.now();
    try {
      figures.push(...(await bench.run({ adminUrl, scale })));
    } catch (error) {
      notes.push(`${bench.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    }
    progress('run-all', `${bench.name} took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
});

const seconds = ((performance.now() - began) / 1000).toFixed(0);
console.log(`\nReserva benchmarks, scale ${scale}${scale === 1 ? " (the issue's full size)" : ''}, ${seconds} s, ${os.cpus().length} CPUs, load average ${loadAtStart.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after\n`);
console.log(formatBenchFigures(figures));
for (const note of notes) console.log(`\nNOTE: ${note}`);
