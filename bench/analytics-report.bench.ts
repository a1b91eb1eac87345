import pg from 'pg';
import { migrateReadModels } from '../read-models/migrate.js';
import { quoteSchema } from '../read-models/schema-name.js';
import type { AnalyticsQueries } from '../src/analytics/application/analytics-queries.js';
import { Reports, type ReportCaller } from '../src/analytics/application/reports.js';
import { exportHeatmap, exportReport } from '../src/analytics/application/reports-export.js';
import { createPostgresAnalyticsQueries } from '../src/analytics/infrastructure/postgres-analytics-queries.js';
import { PERMISSIONS } from '../src/identity/domain/permissions.js';
import { postgresIdentityQueries } from '../src/platform/postgres-identity-queries.js';
import { postgresReadModelQueries } from '../src/platform/postgres-read-model-queries.js';
import type { BenchFigure } from './bench-figure.js';
import { isMain, progress, runStandalone, type BenchOptions } from './support/bench-cli.js';
import { withBenchDatabase } from './support/bench-database.js';
import { fillReadModels } from './support/read-model-fill.js';

/**
 * Report generation for one site of 10,000 spaces over a year (2027, 1,000,000 bookings:
 * 100 per space, one to two hours in working hours; 5 % cancelled, 3 % no-shows, 62 % checked
 * in and completed), through the same Reports use case and analytics query port the API uses:
 * the site report as JSON data, CSV and PDF, the site heatmap, a space report and a person
 * report. Baseline: the SQL floor, a plain grouped COUNT/SUM over the same booking facts and
 * usage hours the site report reads (no availability, no rendering).
 *
 * The read models are filled straight with SQL (bench/support/read-model-fill.ts for the
 * catalog and bookings, then the analytics tables derived from those bookings as the
 * analytics projections would have written them), not by projecting a log.
 */
const BENCH = 'analytics-report';
const SCHEMA = 'rm';
const PERIOD = { from: '2027-01-01', to: '2028-01-01' };
const RUNS = 3;

/** The analytics read models of migration 008 for the filled bookings: availability, facts, usage hours. */
async function fillAnalytics(pool: pg.Pool, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  const client = await pool.connect();
  try {
    await client.query(`SET work_mem = '256MB'`);
    await client.query('BEGIN');
    // One version per space: its opening hours from before the year until its retirement.
    await client.query(
      `INSERT INTO ${s}.availability_versions (target_id, revision, target_kind, site_id, time_zone, valid_from, valid_to, opening_hours, always_open, quantity)
       SELECT id, 0, 'space', site_id, time_zone, timestamptz '2026-01-01Z', CASE WHEN retired THEN timestamptz '2027-07-01Z' END,
              policy->'openingHours', policy->'openingHours' = 'null'::jsonb, 1
         FROM ${s}.spaces`,
    );
    // Outcomes spread by a hash of the booking id.
    await client.query(
      `INSERT INTO ${s}.booking_facts (booking_id, booker_id, space_id, site_id, time_zone, start_at, end_at, local_start, iso_weekday, duration_minutes, status,
                                       participants, resources, purpose, placements, changes, pending_change, change_deadline_minutes, requested_at, confirmed_at,
                                       cancelled_at, cancelled_by, cancel_reason, late_cancellation, cancel_lead_minutes, checked_in_at, checked_in_by,
                                       checked_in_minutes, completed_at, no_show_at, no_show_by, lead_minutes, last_event_at, revision)
       SELECT b.id, b.booker_id, b.space_id, b.site_id, b.time_zone, b.start_at, b.end_at,
              to_char(b.start_at AT TIME ZONE b.time_zone, 'YYYY-MM-DD"T"HH24:MI'), extract(isodow FROM b.start_at AT TIME ZONE b.time_zone),
              extract(epoch FROM b.end_at - b.start_at) / 60, o.status, b.participants, b.resources, b.purpose, 1, 0, NULL, 60, b.created_at, b.created_at,
              CASE WHEN o.status = 'cancelled' THEN b.start_at - interval '1 day' END, CASE WHEN o.status = 'cancelled' THEN b.booker_id END,
              CASE WHEN o.status = 'cancelled' THEN 'plans changed' END, false, CASE WHEN o.status = 'cancelled' THEN 1440 END,
              CASE WHEN o.status = 'completed' THEN b.start_at + interval '5 minutes' END, CASE WHEN o.status = 'completed' THEN b.booker_id END,
              CASE WHEN o.status = 'completed' THEN extract(epoch FROM b.end_at - b.start_at) / 60 - 5 ELSE 0 END,
              CASE WHEN o.status = 'completed' THEN b.end_at END, CASE WHEN o.status = 'no_show' THEN b.start_at + interval '15 minutes' END,
              CASE WHEN o.status = 'no_show' THEN 'staff' END, extract(epoch FROM b.start_at - b.created_at) / 60, b.end_at, 3
         FROM ${s}.bookings b
        CROSS JOIN LATERAL (SELECT CASE WHEN h < 5 THEN 'cancelled' WHEN h < 8 THEN 'no_show' WHEN h < 70 THEN 'completed' ELSE 'confirmed' END AS status
                              FROM (SELECT abs(hashtext(b.id)) % 100 AS h) x) o`,
    );
    // Bookings start on whole hours (in UTC and in every filled zone): one usage row per hour held.
    await client.query(
      `INSERT INTO ${s}.usage_hourly (target_id, hour_start, target_kind, site_id, time_zone, local_date, local_hour, iso_weekday, booked_seconds, checked_in_seconds, bookings)
       SELECT f.space_id, h, 'space', f.site_id, f.time_zone, (h AT TIME ZONE f.time_zone)::date, extract(hour FROM h AT TIME ZONE f.time_zone),
              extract(isodow FROM h AT TIME ZONE f.time_zone), 3600,
              CASE WHEN f.checked_in_at IS NULL THEN 0 ELSE greatest(0, extract(epoch FROM least(f.end_at, h + interval '1 hour') - greatest(f.checked_in_at, h))) END, 1
         FROM ${s}.booking_facts f CROSS JOIN generate_series(f.start_at, f.end_at - interval '1 hour', interval '1 hour') h
        WHERE f.status IN ('confirmed', 'checked_in', 'completed', 'no_show')`,
    );
    await client.query('COMMIT');
    await client.query(`ANALYZE ${s}.availability_versions, ${s}.booking_facts, ${s}.usage_hourly`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.query('RESET work_mem').catch(() => {});
    client.release();
  }
}

/** The median of `RUNS` timed runs after one warm-up, in seconds, and the last result. */
async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  let result = await run();
  const seconds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const began = performance.now();
    result = await run();
    seconds.push((performance.now() - began) / 1000);
  }
  return { seconds: seconds.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!, result };
}

/** What the site report reads, as bare grouped SQL: the floor any report over these rows stands on. */
async function sqlFloor(pool: pg.Pool, siteId: string, spaceIds: string[]): Promise<number> {
  const s = quoteSchema(SCHEMA);
  const [facts, usage] = await Promise.all([
    pool.query(
      `SELECT space_id, count(*), count(*) FILTER (WHERE status = 'cancelled'), count(*) FILTER (WHERE status = 'no_show'), count(checked_in_at)
         FROM ${s}.booking_facts WHERE site_id = $1 AND start_at >= '2027-01-01Z' AND start_at < '2028-01-01Z' AND status NOT IN ('placing', 'rejected')
        GROUP BY space_id`,
      [siteId],
    ),
    pool.query(
      `SELECT target_id, sum(booked_seconds), sum(checked_in_seconds) FROM ${s}.usage_hourly
        WHERE target_id = ANY($1::text[]) AND hour_start >= '2027-01-01Z' AND hour_start < '2028-01-01Z' GROUP BY target_id`,
      [spaceIds],
    ),
  ]);
  return facts.rowCount! + usage.rowCount!;
}

export async function runAnalyticsReportBench(opts: BenchOptions): Promise<BenchFigure[]> {
  const scale = opts.scale ?? 1;
  const spaces = Math.round(10_000 * scale);
  const bookings = Math.round(1_000_000 * scale);
  return withBenchDatabase(opts.adminUrl, 'reports', async (url) => {
    const pool = new pg.Pool({ connectionString: url, max: 12 });
    try {
      await migrateReadModels(pool, SCHEMA);
      const began = performance.now();
      progress(BENCH, `filling one site with ${spaces.toLocaleString('en-US')} spaces and ${bookings.toLocaleString('en-US')} bookings over 2027`);
      await fillReadModels(pool, SCHEMA, { sites: 1, spaces, bookings });
      await fillAnalytics(pool, SCHEMA);
      const { rows: counts } = await pool.query<{ facts: string; hours: string }>(`SELECT (SELECT count(*) FROM rm.booking_facts) AS facts, (SELECT count(*) FROM rm.usage_hourly) AS hours`);
      progress(BENCH, `filled in ${((performance.now() - began) / 1000).toFixed(0)} s: ${counts[0]!.facts} booking facts, ${counts[0]!.hours} usage hours`);

      const analytics: AnalyticsQueries = createPostgresAnalyticsQueries(pool, SCHEMA);
      const queries = postgresReadModelQueries(pool, SCHEMA);
      const people = postgresIdentityQueries(pool, SCHEMA);
      const reports = new Reports({
        analytics,
        site: (siteId) => queries.getSite(siteId),
        displayName: async (userId) => (await people.getUser(userId))?.displayName ?? null,
      });
      const caller: ReportCaller = { permissions: new Set([PERMISSIONS.analyticsRead]), now: new Date() };
      const { rows: sites } = await pool.query<{ id: string }>(`SELECT id FROM rm.sites`);
      const siteId = sites[0]!.id;
      const spaceIds = (await analytics.targets({ targetKind: 'space', siteId })).map((t) => t.targetId);
      const busiest = (await pool.query<{ space_id: string; booker_id: string }>(`SELECT space_id, booker_id FROM rm.booking_facts ORDER BY booking_id LIMIT 1`)).rows[0]!;

      progress(BENCH, 'baseline: grouped COUNT/SUM over the same rows');
      const floor = await timed(() => sqlFloor(pool, siteId, spaceIds));
      progress(BENCH, 'the port queries the site report makes: utilisation (total) and rates per space');
      const utilisation = await timed(() => analytics.utilisation({ ...PERIOD, targetKind: 'space', siteId, granularity: 'total' }));
      const rates = await timed(() => analytics.rates({ ...PERIOD, siteId, groupBy: 'space' }));
      progress(BENCH, `site report (${spaceIds.length.toLocaleString('en-US')} spaces), JSON data`);
      const site = await timed(() => reports.siteReport(siteId, PERIOD, caller));
      progress(BENCH, 'site report as CSV and as PDF (query and rendering)');
      const csv = await timed(async () => exportReport(await reports.siteReport(siteId, PERIOD, caller), 'csv'));
      const pdf = await timed(async () => exportReport(await reports.siteReport(siteId, PERIOD, caller), 'pdf'));
      progress(BENCH, 'site heatmap (PNG), space report (PDF), person report (JSON)');
      const heatmap = await timed(async () => exportHeatmap(await reports.siteHeatmap(siteId, PERIOD, caller), 'png'));
      const space = await timed(async () => exportReport(await reports.spaceReport(busiest.space_id, PERIOD, caller), 'pdf'));
      const person = await timed(() => reports.personReport(busiest.booker_id, PERIOD, caller));

      const pages = (pdf.result.body as Buffer).toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
      progress(BENCH, `site report: ${site.result.total.bookings} bookings, utilisation ${site.result.total.utilisationPercent} %; CSV ${(csv.result.body.length / 1e6).toFixed(1)} MB, PDF ${pages} pages ${(pdf.result.body.length / 1e6).toFixed(1)} MB`);
      progress(BENCH, `space report: ${space.result.body.length} bytes; person report: ${person.result.bookings.length} bookings`);
      const baseline = { name: 'grouped COUNT/SUM over the same rows', value: floor.seconds };
      const size = `${spaces.toLocaleString('en-US')} spaces, ${bookings.toLocaleString('en-US')} bookings, a year`;
      return [
        { name: `analytics report: SQL floor, ${size}`, value: floor.seconds, unit: 's' },
        { name: 'analytics report: port utilisation, every space, total', value: utilisation.seconds, unit: 's', baseline, ratio: utilisation.seconds / floor.seconds },
        { name: 'analytics report: port rates per space', value: rates.seconds, unit: 's', baseline, ratio: rates.seconds / floor.seconds },
        { name: 'analytics report: site report, JSON data', value: site.seconds, unit: 's', baseline, ratio: site.seconds / floor.seconds },
        { name: 'analytics report: site report, CSV', value: csv.seconds, unit: 's', baseline, ratio: csv.seconds / floor.seconds },
        { name: `analytics report: site report, PDF (${pages} pages)`, value: pdf.seconds, unit: 's', baseline, ratio: pdf.seconds / floor.seconds },
        { name: 'analytics report: site heatmap, PNG', value: heatmap.seconds, unit: 's', baseline, ratio: heatmap.seconds / floor.seconds },
        { name: 'analytics report: one space over the year, PDF', value: space.seconds * 1000, unit: 'ms' },
        { name: 'analytics report: one person over the year, JSON', value: person.seconds * 1000, unit: 'ms' },
      ];
    } finally {
      await pool.end();
    }
  });
}

if (isMain(import.meta.url)) await runStandalone(runAnalyticsReportBench);
