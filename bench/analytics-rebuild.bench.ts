import pg from 'pg';
import { ALL_PROJECTIONS } from '../projections/all-projections.js';
import { analyticsAvailabilityProjection } from '../projections/analytics-availability.projection.js';
import { analyticsBookingsProjection } from '../projections/analytics-bookings.projection.js';
import type { Projection } from '../projections/projection.js';
import { projectFromScratch } from '../projections/rebuild.js';
import { ensureEventStoreSchema } from '../src/shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../src/shared/event-store/postgres/postgres-event-store.js';
import type { BenchFigure } from './bench-figure.js';
import { isMain, progress, runStandalone, type BenchOptions } from './support/bench-cli.js';
import { withBenchDatabase } from './support/bench-database.js';
import { writeSyntheticEventLog } from './support/synthetic-event-log.js';

/**
 * Rebuild rate of the analytics read models (booking_facts, usage_hourly, unmet_demand,
 * availability_versions): `projectFromScratch` with the analytics projections only, from the
 * synthetic log (bench/support/synthetic-event-log.ts: 500 spaces in five zones, bookings with
 * resources, cancellations, check-ins, conflicts). Baseline, in the same run on the same log:
 * the core read models (every other projection: what bench/projection-rebuild.bench.ts measured
 * before analytics existed). Rates are log events per second of wall time (each rebuild reads
 * the events its projections filter for; the log size is the common denominator).
 */
const BENCH = 'analytics-rebuild';
const ANALYTICS: readonly Projection[] = [analyticsBookingsProjection, analyticsAvailabilityProjection];

async function rebuild(pool: pg.Pool, store: PostgresEventStore, projections: readonly Projection[], schema: string) {
  const began = performance.now();
  const { events } = await projectFromScratch({ store, pool, projections, schema });
  return { events, seconds: (performance.now() - began) / 1000 };
}

export async function runAnalyticsRebuildBench(opts: BenchOptions): Promise<BenchFigure[]> {
  const scale = opts.scale ?? 1;
  const target = Math.round(1_000_000 * scale);
  return withBenchDatabase(opts.adminUrl, 'analytics', async (url) => {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    const store = new PostgresEventStore(pool);
    try {
      await ensureEventStoreSchema(pool);
      progress(BENCH, `writing a synthetic log of about ${target.toLocaleString('en-US')} events`);
      const logSize = await writeSyntheticEventLog(pool, { events: target });
      await store.readAll({ maxCount: 1 }); // connections and plans warm for both contenders

      progress(BENCH, 'rebuilding the core read models (baseline)');
      const core = await rebuild(pool, store, ALL_PROJECTIONS.filter((p) => !ANALYTICS.includes(p)), 'rm_bench_core');
      progress(BENCH, 'rebuilding the analytics read models');
      const analytics = await rebuild(pool, store, ANALYTICS, 'rm_bench_analytics');
      progress(BENCH, 'rebuilding everything together (what `rebuild-read-model all` does)');
      const all = await rebuild(pool, store, ALL_PROJECTIONS, 'rm_bench_all');

      const { rows } = await pool.query<{ facts: string; usage: string; unmet: string; versions: string }>(
        `SELECT (SELECT count(*) FROM rm_bench_analytics.booking_facts) AS facts, (SELECT count(*) FROM rm_bench_analytics.usage_hourly) AS usage,
                (SELECT count(*) FROM rm_bench_analytics.unmet_demand) AS unmet, (SELECT count(*) FROM rm_bench_analytics.availability_versions) AS versions`,
      );
      const r = rows[0]!;
      progress(BENCH, `analytics: ${r.facts} booking facts, ${r.usage} usage hours, ${r.unmet} unmet requests, ${r.versions} availability versions from ${analytics.events} events read`);

      const rate = (x: { seconds: number }) => logSize / x.seconds;
      const baseline = { name: 'core read models rebuild', value: rate(core) };
      return [
        { name: 'analytics rebuild: log size', value: logSize, unit: 'events' },
        { name: 'analytics rebuild: events its projections read', value: analytics.events, unit: 'events' },
        { name: 'analytics rebuild: core read models (baseline)', value: rate(core), unit: 'events/s' },
        { name: 'analytics rebuild: analytics read models from position zero', value: rate(analytics), unit: 'events/s', baseline, ratio: rate(analytics) / rate(core) },
        { name: 'analytics rebuild: all read models together', value: rate(all), unit: 'events/s', baseline, ratio: rate(all) / rate(core) },
      ];
    } finally {
      await store.close();
      await pool.end();
    }
  });
}

if (isMain(import.meta.url)) await runStandalone(runAnalyticsRebuildBench);
