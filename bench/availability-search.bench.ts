import pg from 'pg';
import { migrateReadModels } from '../read-models/migrate.js';
import { getSpaceAvailability } from '../read-models/queries/availability.queries.js';
import { listSpaces, type SpaceFilter } from '../read-models/queries/spaces.queries.js';
import type { BenchFigure } from './bench-figure.js';
import { isMain, progress, runStandalone, type BenchOptions } from './support/bench-cli.js';
import { withBenchDatabase } from './support/bench-database.js';
import { summarizeLatencies } from './support/latency.js';
import { fillReadModels } from './support/read-model-fill.js';

/**
 * Availability search over the read models at the size (10,000 spaces in 100 sites,
 * 1,000,000 bookings over 2027), with the query functions the API uses:
 * (a) listSpaces free in a random one-to-two-hour window, alone or with city / capacity /
 *     amenity filters (first page of 50 and the total, as GET /api/v1/spaces answers);
 * (b) getSpaceAvailability of a random space over a random week.
 * One connection, queries one after another, so each latency is one query's own.
 */
const BENCH = 'availability-search';
const SCHEMA = 'rm';
const DAY = 24 * 60 * 60_000;
const YEAR_START = Date.UTC(2027, 0, 1);
const CITIES = ['Lisbon', 'Berlin', 'New York', 'Tokyo', 'Sydney'];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

function randomWindow(): { freeFrom: string; freeTo: string } {
  const start = YEAR_START + Math.floor(Math.random() * 364) * DAY + (8 + Math.floor(Math.random() * 10)) * 3_600_000;
  return { freeFrom: new Date(start).toISOString(), freeTo: new Date(start + (1 + Math.floor(Math.random() * 2)) * 3_600_000).toISOString() };
}

/** The filter combinations a booker's search sends, in turn. */
const SEARCHES: { name: string; filter: () => SpaceFilter }[] = [
  { name: 'free', filter: () => randomWindow() },
  { name: 'free + capacity', filter: () => ({ ...randomWindow(), minCapacity: 2 + Math.floor(Math.random() * 30) }) },
  { name: 'free + amenities', filter: () => ({ ...randomWindow(), amenities: [pick(['whiteboard', 'projector', 'video_conference'])] }) },
  { name: 'free + city + capacity', filter: () => ({ ...randomWindow(), city: pick(CITIES), minCapacity: 2 + Math.floor(Math.random() * 20) }) },
];

async function time(run: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await run();
  return performance.now() - began;
}

export async function runAvailabilitySearchBench(opts: BenchOptions): Promise<BenchFigure[]> {
  const scale = opts.scale ?? 1;
  const spaces = Math.round(10_000 * scale);
  const bookings = Math.round(1_000_000 * scale);
  const rounds = Math.max(100, Math.round(500 * scale));
  return withBenchDatabase(opts.adminUrl, 'availability', async (url) => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      await migrateReadModels(pool, SCHEMA);
      progress(BENCH, `filling read models: ${spaces.toLocaleString('en-US')} spaces, ${bookings.toLocaleString('en-US')} bookings`);
      await fillReadModels(pool, SCHEMA, { sites: Math.max(10, spaces / 100), spaces, bookings });
      const { rows } = await pool.query<{ id: string }>(`SELECT id FROM ${SCHEMA}.spaces WHERE NOT retired`);
      const spaceIds = rows.map((r) => r.id);
      const db = await pool.connect();
      try {
        const search = async (i: number) => listSpaces(db, SCHEMA, SEARCHES[i % SEARCHES.length]!.filter());
        const availability = async () => {
          const from = YEAR_START + Math.floor(Math.random() * 358) * DAY;
          return getSpaceAvailability(db, SCHEMA, pick(spaceIds), new Date(from).toISOString(), new Date(from + 7 * DAY).toISOString());
        };
        for (let i = 0; i < 50; i++) {
          await search(i);
          await availability();
        }
        progress(BENCH, `${rounds} searches and ${rounds} availability look-ups`);
        const searchMs: number[] = [];
        const perKind = SEARCHES.map(() => [] as number[]);
        const availabilityMs: number[] = [];
        for (let i = 0; i < rounds; i++) {
          const ms = await time(() => search(i));
          searchMs.push(ms);
          perKind[i % SEARCHES.length]!.push(ms);
          availabilityMs.push(await time(availability));
        }
        SEARCHES.forEach((s, i) => {
          const l = summarizeLatencies(perKind[i]!);
          progress(BENCH, `search "${s.name}": p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms`);
        });
        const a = summarizeLatencies(searchMs);
        const b = summarizeLatencies(availabilityMs);
        const size = `${spaces.toLocaleString('en-US')} spaces, ${bookings.toLocaleString('en-US')} bookings`;
        return [
          { name: `availability: spaces free in a window (+filters), ${size}: p50`, value: a.p50, unit: 'ms' },
          { name: 'availability: spaces free in a window (+filters): p95', value: a.p95, unit: 'ms' },
          { name: 'availability: spaces free in a window (+filters): p99', value: a.p99, unit: 'ms', target: '< 20 ms' },
          { name: 'availability: one space over a week: p50', value: b.p50, unit: 'ms' },
          { name: 'availability: one space over a week: p95', value: b.p95, unit: 'ms' },
          { name: 'availability: one space over a week: p99', value: b.p99, unit: 'ms', target: '< 20 ms' },
        ];
      } finally {
        db.release();
      }
    } finally {
      await pool.end();
    }
  });
}

if (isMain(import.meta.url)) await runStandalone(runAvailabilitySearchBench);
