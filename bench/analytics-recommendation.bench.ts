import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ALL_PROJECTIONS } from '../projections/all-projections.js';
import { projectFromScratch } from '../projections/rebuild.js';
import { MAX_SEARCHED_SPACES, Recommendations, type RecommendationRequest } from '../src/analytics/application/recommendations.js';
import { createPostgresAnalyticsQueries } from '../src/analytics/infrastructure/postgres-analytics-queries.js';
import { addDays } from '../src/analytics/domain/forecast-open-days.js';
import { BookingCommandHandlers } from '../src/booking/application/booking-command-handlers.js';
import { CatalogCommandHandlers } from '../src/catalog/application/catalog-command-handlers.js';
import type { BookingPolicy } from '../src/catalog/domain/catalog.types.js';
import { createPrng } from '../src/demo/prng.js';
import { runInOrder } from '../src/demo/seed-demo-data.js';
import { ALL_PERMISSIONS, permissionsOfRoles } from '../src/identity/domain/permissions.js';
import { postgresRecommendationCatalog } from '../src/platform/postgres-recommendation-catalog.js';
import { ScheduleReservations } from '../src/scheduling/application/schedule-reservations.js';
import { toIso } from '../src/shared/domain/time-range.js';
import { localDate, zonedToInstant } from '../src/shared/domain/time-zone.js';
import type { CommandContext } from '../src/shared/event-store/envelope.js';
import { ensureEventStoreSchema } from '../src/shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../src/shared/event-store/postgres/postgres-event-store.js';
import type { BenchFigure } from './bench-figure.js';
import { isMain, progress, runStandalone, type BenchOptions } from './support/bench-cli.js';
import { withBenchDatabase } from './support/bench-database.js';
import { summarizeLatencies } from './support/latency.js';

/**
 * Recommendation latency (POST /api/v1/recommendations' use case, in process) over 500 spaces
 * in ten sites of five time zones with a year of history: every booking placed through the real
 * command handlers with a clock of its time (Monday mornings usually full, a couple of other
 * bookings a week, Friday afternoons rarely), the read models — analytics included — projected
 * from that log. The wish varies in size and place (everywhere, one city). Baseline, for the same
 * wish: the plain availability search (the matching spaces, then the free and busy intervals of
 * the same spaces over the same 14 days), without learning from history or ranking.
 * One request at a time, so each latency is one request's own.
 */
const BENCH = 'analytics-recommendation';
const SCHEMA = 'rm';
const HOUR = 60;
/** The bench's present: a Monday; history is the 52 weeks before it. */
const NOW = new Date('2031-01-06T09:00:00Z');
const FIRST_WEEK = '2030-01-07';
const WEEKS = 52;
const ZONES = [
  ['Lisbon', 'Europe/Lisbon'],
  ['Berlin', 'Europe/Berlin'],
  ['New York', 'America/New_York'],
  ['Tokyo', 'Asia/Tokyo'],
  ['Sydney', 'Australia/Sydney'],
] as const;
const workday = [{ open: 8 * HOUR, close: 20 * HOUR }];
const POLICY: BookingPolicy = {
  openingHours: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday },
  slotMinutes: 15,
  minDurationMinutes: 30,
  maxDurationMinutes: 240,
  maxAdvanceDays: 90,
  bufferMinutes: 0,
  changeDeadlineMinutes: 60,
  approvalRequired: false,
};

function ctx(now: number, roles: string[] = ['booker']): CommandContext {
  const id = randomUUID();
  return { actor: { id: 'bench-user', kind: 'user' }, permissions: permissionsOfRoles(roles), correlationId: id, causationId: id, now: new Date(now), newId: randomUUID };
}

interface Space {
  spaceId: string;
  timeZone: string;
  /** Seeds the space's history, so every run places the same bookings. */
  n: number;
}

/** One week of a space: Monday 09–11 nine weeks in ten, two more bookings Tuesday to Thursday, Friday afternoon one week in ten. */
function weekOf(space: Space, weekStart: string, random: ReturnType<typeof createPrng>): { start: number; end: number }[] {
  const at = (day: number, minutes: number) => zonedToInstant(addDays(weekStart, day), minutes, space.timeZone);
  const out: { start: number; end: number }[] = [];
  if (random.chance(0.9)) out.push({ start: at(0, 9 * HOUR), end: at(0, 11 * HOUR) });
  for (const day of [1, 2, 3]) {
    if (!random.chance(0.66)) continue;
    const from = random.int(8, 17);
    out.push({ start: at(day, from * HOUR), end: at(day, (from + random.int(1, 2)) * HOUR) });
  }
  if (random.chance(0.1)) out.push({ start: at(4, 14 * HOUR), end: at(4, 16 * HOUR) });
  return out;
}

async function seed(pool: pg.Pool, store: PostgresEventStore, spaceCount: number): Promise<number> {
  const schedule = new ScheduleReservations(store);
  const catalog = new CatalogCommandHandlers(store, schedule);
  const bookings = new BookingCommandHandlers(store, schedule);
  const created = zonedToInstant(addDays(FIRST_WEEK, -1), 0, 'UTC');
  const spaces: Space[] = [];
  const siteCount = Math.max(2, Math.round(spaceCount / 50));
  for (let s = 0; s < siteCount; s++) {
    const [city, timeZone] = ZONES[s % ZONES.length]!;
    const { id: siteId } = await catalog.registerSite({ name: `Site ${s + 1}`, address: `${s + 1} Main Street`, city, latitude: 40, longitude: 0, timeZone, kind: 'office' }, ctx(created, ['admin']));
    const perSite = Math.ceil(spaceCount / siteCount);
    await Promise.all(
      Array.from({ length: Math.min(perSite, spaceCount - spaces.length) }, async (_, i) => {
        const n = s * perSite + i;
        const { id } = await catalog.createSpace(
          { siteId, name: `Room ${String(n).padStart(4, '0')}`, kind: 'meeting_room', capacity: 2 + (n % 19), amenities: n % 2 === 0 ? ['projector', 'whiteboard'] : ['whiteboard'], photoUrls: [], description: '', policy: POLICY },
          ctx(created, ['admin']),
        );
        spaces.push({ spaceId: id, timeZone, n });
      }),
    );
  }
  // A year of history, then two weeks ahead booked as it is so far (requested before NOW).
  const plan: { spaceId: string; start: number; end: number }[] = [];
  for (const space of spaces) {
    const random = createPrng(`space-${space.n}`);
    for (let w = 0; w < WEEKS + 2; w++) for (const b of weekOf(space, addDays(FIRST_WEEK, 7 * w), random)) plan.push({ spaceId: space.spaceId, ...b });
  }
  progress(BENCH, `placing ${plan.length.toLocaleString('en-US')} bookings on ${spaces.length} spaces through the command handlers`);
  const began = performance.now();
  await runInOrder(plan, 16, (b) => b.spaceId, async (b) => {
    const requestedAt = Math.min(b.start - 2 * 86_400_000, NOW.getTime() - 3_600_000);
    await bookings.requestBooking({ spaceId: b.spaceId, start: toIso(b.start), end: toIso(b.end), purpose: 'bench', participants: 2, resources: [] }, ctx(requestedAt));
  });
  progress(BENCH, `placed in ${((performance.now() - began) / 1000).toFixed(0)} s`);
  return plan.length;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await run();
  return performance.now() - began;
}

export async function runAnalyticsRecommendationBench(opts: BenchOptions): Promise<BenchFigure[]> {
  const scale = opts.scale ?? 1;
  const spaceCount = Math.max(20, Math.round(500 * scale));
  const rounds = Math.max(100, Math.round(300 * scale));
  return withBenchDatabase(opts.adminUrl, 'recommend', async (url) => {
    const pool = new pg.Pool({ connectionString: url, max: 20 });
    const store = new PostgresEventStore(pool);
    try {
      await ensureEventStoreSchema(pool);
      const bookingCount = await seed(pool, store, spaceCount);
      progress(BENCH, 'projecting the read models (analytics included) from the log');
      const { events, seconds } = await projectFromScratch({ store, pool, projections: ALL_PROJECTIONS, schema: SCHEMA });
      progress(BENCH, `${events.toLocaleString('en-US')} events projected in ${seconds.toFixed(0)} s`);

      const catalog = postgresRecommendationCatalog(pool, SCHEMA);
      const analytics = createPostgresAnalyticsQueries(pool, SCHEMA);
      // A long-lived service keeps each space's history grid for its week; a fresh one reads every searched space's history.
      const warm = new Recommendations({ analytics, catalog });
      const cold = () => new Recommendations({ analytics, catalog });
      const caller = { permissions: new Set<string>(ALL_PERMISSIONS), now: NOW };
      const random = createPrng('wishes');
      const wishes: RecommendationRequest[] = Array.from({ length: rounds }, (_, i) => ({
        durationMinutes: random.pick([30, 60, 90, 120]),
        participants: random.int(2, 12),
        amenities: random.chance(0.5) ? ['projector'] : [],
        resources: [],
        ...(i % 3 === 2 ? { city: random.pick(ZONES)[0] } : {}),
        limit: 5,
      }));
      // The plain availability search for the same wish: the spaces that match, then the free
      // and busy intervals of the same spaces (the smallest ones, as many as recommendations search) over the same days.
      const availabilitySearch = async (wish: RecommendationRequest) => {
        const page = await catalog.findSpaces({ city: wish.city, minCapacity: wish.participants, amenities: wish.amenities, limit: 200, offset: 0 });
        const smallest = [...page.items].sort((a, b) => a.capacity - b.capacity || (a.spaceId < b.spaceId ? -1 : 1)).slice(0, MAX_SEARCHED_SPACES);
        await Promise.all(
          smallest.map((s) => {
            const today = localDate(NOW.getTime(), s.timeZone);
            return catalog.availability(s.spaceId, NOW.toISOString(), toIso(zonedToInstant(addDays(today, 14), 0, s.timeZone)));
          }),
        );
      };

      let found = 0;
      for (const wish of wishes.slice(0, 20)) {
        found += (await warm.recommend(wish, caller)).recommendations.length;
        await cold().recommend(wish, caller);
        await availabilitySearch(wish);
      }
      progress(BENCH, `${rounds} wishes, each: recommendation (warm and cold history) and availability search; the warm-up found ${found} slots for 20 wishes`);
      const warmMs: number[] = [];
      const coldMs: number[] = [];
      const searchMs: number[] = [];
      for (const wish of wishes) {
        warmMs.push(await time(() => warm.recommend(wish, caller)));
        coldMs.push(await time(() => cold().recommend(wish, caller)));
        searchMs.push(await time(() => availabilitySearch(wish)));
      }
      const w = summarizeLatencies(warmMs);
      const c = summarizeLatencies(coldMs);
      const a = summarizeLatencies(searchMs);
      const size = `${spaceCount} spaces, ${bookingCount.toLocaleString('en-US')} bookings over a year`;
      const versus = (name: string, value: number, base: number, target?: string): BenchFigure => ({ name, value, unit: 'ms', baseline: { name: `availability search ${name.slice(-3)}`, value: base }, ratio: value / base, ...(target ? { target } : {}) });
      return [
        versus(`recommendation (best 5 slots in 14 days), ${size}: p50`, w.p50, a.p50),
        versus('recommendation: p99', w.p99, a.p99, '< 250 ms'),
        versus('recommendation, history not cached: p50', c.p50, a.p50),
        versus('recommendation, history not cached: p99', c.p99, a.p99, '< 250 ms'),
      ];
    } finally {
      await store.close();
      await pool.end();
    }
  });
}

if (isMain(import.meta.url)) await runStandalone(runAnalyticsRecommendationBench);
