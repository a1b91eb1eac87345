import pg from 'pg';
import { ALL_PROJECTIONS } from '../projections/all-projections.js';
import { projectFromScratch } from '../projections/rebuild.js';
import { ensureEventStoreSchema } from '../src/shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../src/shared/event-store/postgres/postgres-event-store.js';
import type { BenchFigure } from './bench-figure.js';
import { isMain, progress, runStandalone, type BenchOptions } from './support/bench-cli.js';
import { withBenchDatabase } from './support/bench-database.js';
import { writeSyntheticEventLog } from './support/synthetic-event-log.js';

/**
 * Projection rebuild rate: every read model projected from position zero into a fresh schema
 * (projections/rebuild.ts projectFromScratch: migrate, drop secondary indexes, catch up, build
 * indexes, analyse), against a plain pg client reading the same events in global order in
 * batches of 1,000 (keyset pagination on (transaction_id, global_position)), in the same run.
 */
const BENCH = 'projection-rebuild';
const BATCH = 1000;

/** Reads the whole log the way a minimal subscriber would: pages in (transaction_id, global_position) order. */
async function plainRead(pool: pg.Pool): Promise<number> {
  let commit = '0';
  let position = '0';
  let count = 0;
  for (;;) {
    const { rows } = await pool.query<{ commit: string; global_position: string }>({
      name: 'bench_plain_read',
      text: `SELECT transaction_id::text AS commit, global_position, stream_id, stream_revision, event_id, event_type, data, metadata, recorded_at
               FROM eventstore.events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
              ORDER BY transaction_id, global_position LIMIT ${BATCH}`,
      values: [commit, position],
    });
    if (rows.length === 0) return count;
    count += rows.length;
    commit = rows[rows.length - 1]!.commit;
    position = rows[rows.length - 1]!.global_position;
  }
}

export async function runProjectionRebuildBench(opts: BenchOptions): Promise<BenchFigure[]> {
  const scale = opts.scale ?? 1;
  const target = Math.round(1_000_000 * scale);
  return withBenchDatabase(opts.adminUrl, 'rebuild', async (url) => {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    const store = new PostgresEventStore(pool);
    try {
      await ensureEventStoreSchema(pool);
      progress(BENCH, `writing a synthetic log of about ${target.toLocaleString('en-US')} events`);
      const events = await writeSyntheticEventLog(pool, { events: target });

      progress(BENCH, 'plain read of the log in global order');
      await plainRead(pool); // warms the cache for both contenders alike
      let began = performance.now();
      const read = await plainRead(pool);
      const readRate = read / ((performance.now() - began) / 1000);

      progress(BENCH, 'rebuilding every read model from position zero');
      began = performance.now();
      const rebuilt = await projectFromScratch({ store, pool, projections: ALL_PROJECTIONS, schema: 'rm_bench_rebuild' });
      const rebuildRate = rebuilt.events / ((performance.now() - began) / 1000);
      const { rows } = await pool.query<{ bookings: string; occupancy: string }>(
        `SELECT (SELECT count(*) FROM rm_bench_rebuild.bookings) AS bookings, (SELECT count(*) FROM rm_bench_rebuild.occupancy) AS occupancy`,
      );
      progress(BENCH, `rebuilt ${rows[0]!.bookings} bookings and ${rows[0]!.occupancy} occupancy rows from ${rebuilt.events} events`);

      const plain = { name: `plain pg read, batches of ${BATCH}`, value: readRate };
      return [
        { name: `projection rebuild: log size`, value: events, unit: 'events' },
        { name: `projection rebuild: plain pg read in global order, batches of ${BATCH}`, value: readRate, unit: 'events/s' },
        { name: 'projection rebuild: all read models from position zero', value: rebuildRate, unit: 'events/s', baseline: plain, ratio: rebuildRate / readRate, target: '≥ 0.4' },
      ];
    } finally {
      await store.close();
      await pool.end();
    }
  });
}

if (isMain(import.meta.url)) await runStandalone(runProjectionRebuildBench);
