import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The vitest `inject` types the test database helper needs (the web typecheck does not include test/ otherwise).
import type {} from '../../../../test/support/postgres.global-setup.js';
import { futureMonday, dayAfter } from '../../../../test/support/future-day.js';
import { startTestServer, type TestServer } from '../../../../test/support/test-server.js';
import { officeHours } from '../../../../test/support/write-side.js';
import { ApiProblem } from '../../api/api-problem.js';
import type { ApiClient } from '../../api/client.js';
import { signedInClient } from '../../testing/api-clients.js';
import {
  downloadReport,
  findPeople,
  loadForecast,
  loadHeatmap,
  loadPersonReport,
  loadReport,
  loadTrend,
  personReportPath,
  recommend,
  reportPath,
} from './analytics-requests.js';
import type { Period } from './period.js';

const DAY = futureMonday();
/** The week of the bookings, as the page sends it: local dates, the end excluded. */
const WEEK: Period = { from: DAY, to: dayAfter(DAY, 7) };
const at = (day: string, hh: number) => `${day}T${String(hh).padStart(2, '0')}:00:00.000Z`;

/** The pages' requests, made by the web client's own ApiClient against the real API. */
describe('analytics pages’ requests against the API', () => {
  let server: TestServer;
  const id = { analyst: randomUUID(), booker: randomUUID(), admin: randomUUID() };
  const client = {} as Record<keyof typeof id, ApiClient>;
  let siteId: string;
  const space = {} as Record<'tejo' | 'sintra', string>;

  beforeAll(async () => {
    server = await startTestServer();
    for (const [who, role] of [['analyst', 'analyst'], ['booker', 'booker'], ['admin', 'admin']] as const) client[who] = await signedInClient(server, id[who], [role]);
    const admin = client.admin;
    siteId = (await admin.post<{ id: string }>('/sites', { name: 'Lisboa', address: 'Rua Augusta 1', city: 'Lisbon', latitude: 38.71, longitude: -9.14, timeZone: 'UTC', kind: 'office' })).id;
    const room = async (name: string) => (await admin.post<{ id: string }>('/spaces', { siteId, name, kind: 'meeting_room', capacity: 8, amenities: ['projector'], policy: officeHours })).id;
    space.tejo = await room('Tejo');
    space.sintra = await room('Sintra');
    // Tejo: Monday 09–11 and Wednesday 14–15; Sintra: nothing.
    const book = (spaceId: string, day: string, hh: number, hours: number) =>
      client.booker.post('/bookings', { spaceId, start: at(day, hh), end: at(day, hh + hours), purpose: 'Planning', participants: 4, resources: [] });
    await book(space.tejo, DAY, 9, 2);
    await book(space.tejo, dayAfter(DAY, 2), 14, 1);
    // Reports read projections: one strongly consistent request waits for them to catch up.
    expect((await server.as(id.analyst, ['analyst'])('GET', `/api/v1/analytics/reports/sites/${siteId}?from=${WEEK.from}&to=${WEEK.to}`, { strong: true })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('loads the site report the bar chart and figures draw: per space and in total', async () => {
    const report = await loadReport(client.analyst, 'site', siteId, WEEK);
    expect(report.spaces.map((s) => [s.spaceName, s.usage.bookings, s.usage.bookedMinutes])).toEqual([
      ['Sintra', 0, 0],
      ['Tejo', 2, 180],
    ]);
    const tejo = report.spaces.find((s) => s.spaceName === 'Tejo')!.usage;
    expect(tejo.availableMinutes).toBeGreaterThan(0);
    expect(tejo.utilisationPercent).toBeCloseTo((180 / tejo.availableMinutes) * 100, 1);
    expect(report.total).toMatchObject({ bookings: 2, bookedMinutes: 180 });
    const spaceReport = await loadReport(client.analyst, 'space', space.tejo, WEEK);
    expect(spaceReport.space.usage).toEqual(tejo);
  });

  it('loads utilisation over time day by day, busy on the booked days only', async () => {
    const { size, points } = await loadTrend(client.analyst, 'site', siteId, WEEK);
    expect(size).toBe('day');
    expect(points.map((p) => p.from)).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => dayAfter(DAY, n)));
    expect(points.map((p) => p.bookedMinutes)).toEqual([120, 0, 60, 0, 0, 0, 0]);
    // Closed at the weekend: nothing to measure.
    expect(points.slice(5).map((p) => p.utilisationPercent)).toEqual([null, null]);
    expect(points[0]!.utilisationPercent).toBeGreaterThan(0);
  });

  it('loads the heatmap: Monday 09–11 booked, the weekend closed', async () => {
    const heatmap = await loadHeatmap(client.analyst, 'space', space.tejo, WEEK);
    const cell = (day: number, hour: number) => heatmap.cells.find((c) => c.isoWeekday === day && c.hour === hour)!;
    expect([cell(1, 9).sharePercent, cell(1, 10).sharePercent, cell(1, 11).sharePercent, cell(3, 14).sharePercent]).toEqual([100, 100, 0, 100]);
    expect(cell(6, 10)).toMatchObject({ sharePercent: null, availableMinutes: 0 });
  });

  it('downloads the site report as CSV and PDF, as the buttons do', async () => {
    const csv = await downloadReport(client.analyst, reportPath('site', siteId), WEEK, 'csv');
    expect(csv.filename).toBe(`site-report-${siteId}-${WEEK.from}-${WEEK.to}.csv`);
    const lines = (await csv.blob.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^record,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['space', 'space', 'site']);
    expect(lines.some((l) => l.includes('Tejo'))).toBe(true);
    const pdf = await downloadReport(client.analyst, reportPath('space', space.tejo), WEEK, 'pdf');
    expect(pdf.filename).toMatch(/\.pdf$/);
    expect(await pdf.blob.slice(0, 5).text()).toBe('%PDF-');
  });

  it('loads and downloads a person report (the person found by name where users may be read)', async () => {
    await expect(findPeople(client.analyst, 'Test')).rejects.toMatchObject({ status: 403 });
    const found = await findPeople(client.admin, id.booker.replace(/-/g, '').slice(0, 12));
    expect(found.items.map((u) => u.userId)).toEqual([id.booker]);
    const person = await loadPersonReport(client.analyst, id.booker, WEEK);
    expect(person.total).toMatchObject({ bookings: 2, bookedMinutes: 180 });
    expect(person.spaces.map((s) => s.spaceName)).toEqual(['Tejo']);
    const csv = await downloadReport(client.analyst, personReportPath(id.booker), WEEK, 'csv');
    expect(csv.filename).toMatch(/\.csv$/);
    expect((await csv.blob.text()).split('\r\n').filter((l) => l.startsWith('booking,'))).toHaveLength(2);
  });

  it('loads the forecast the page charts, one value per coming day', async () => {
    const forecast = await loadForecast(client.analyst, 'site', siteId);
    expect(forecast.days).toHaveLength(28);
    expect(forecast.confidence.level).toBe('low');
  });

  it('an analyst asking for a period the API refuses gets a problem the page can show', async () => {
    const refused = await loadReport(client.analyst, 'site', siteId, { from: WEEK.to, to: WEEK.from }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiProblem);
    expect(refused).toMatchObject({ status: 400, kind: 'invalid-request', problem: { errors: [{ field: 'to' }] } });
  });

  it('suggests times for a wished meeting, the reasons in the language asked for', async () => {
    const wish = { siteId, durationMinutes: 60, participants: 6, amenities: ['projector'], earliestDay: dayAfter(DAY, 7), latestDay: dayAfter(DAY, 8), preferredHours: { from: '09:00', to: '12:00' }, limit: 3 };
    const en = await recommend(client.booker, wish, 'en');
    expect(en.recommendations).toHaveLength(3);
    expect(en.recommendations[0]).toMatchObject({ localStart: `${dayAfter(DAY, 7)}T09:00`, booking: { participants: 6 } });
    // A new site has no history to learn from: the reasons say so, in each language.
    expect(en.recommendations[0]!.reason).toBe('No booking history yet for Mondays 09:00–10:00');
    const pt = await recommend(client.booker, wish, 'pt');
    expect(pt.recommendations[0]!.reason).toMatch(/^Ainda não há histórico de reservas/);
    await expect(recommend(client.analyst, wish, 'en')).rejects.toMatchObject({ status: 403 });
  });
});
