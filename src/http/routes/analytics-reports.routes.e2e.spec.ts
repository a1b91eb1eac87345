import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayAfter, futureMonday } from '../../../test/support/future-day.js';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import { context, officeHours } from '../../../test/support/write-side.js';
import type { AnalyticsQueries } from '../../analytics/application/analytics-queries.js';
import { parseCsv } from '../../analytics/domain/csv-parse.js';
import { inspectPdf } from '../../analytics/domain/pdf-inspect.js';
import { inspectPng } from '../../analytics/domain/png-inspect.js';
import type { BookingLine, PersonReport, SiteReport, SpaceReport, UsageSummary } from '../../analytics/domain/report.js';
import type { Heatmap } from '../../analytics/domain/report-heatmap.js';
import type { BookingCommands } from '../../booking/application/booking-commands.js';
import { SERVICES } from '../../platform/container.js';

const DAY = futureMonday();
const PAST_DAY = dayAfter(DAY, -21);
const at = (hh: number, day = DAY, minutes = 0) => new Date(Date.parse(`${day}T${String(hh).padStart(2, '0')}:00:00.000Z`) + minutes * 60_000).toISOString();
/** Local dates in the site's zone: three weeks back to the end of the coming Monday. */
const PERIOD = `from=${PAST_DAY}&to=${dayAfter(DAY, 1)}`;

/** CSV records as objects by column, the formula guard taken off. */
function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!.replace(/^'(?=[=+\-@\t\r])/, '')])));
}
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function expectBookingRecord(record: Record<string, string>, line: BookingLine) {
  expect(record).toEqual(
    expect.objectContaining({
      record: 'booking', siteId: line.siteId, spaceId: line.spaceId, spaceName: line.spaceName, bookingId: line.bookingId, bookerId: line.booker.userId,
      bookerName: text(line.booker.name), start: line.start, end: line.end, localStart: line.localStart, timeZone: line.timeZone, status: line.status,
      checkedIn: String(line.checkedIn), checkedInAt: text(line.checkedInAt), cancelledAt: text(line.cancelledAt), lateCancellation: String(line.lateCancellation),
      durationMinutes: String(line.durationMinutes), checkedInMinutes: String(line.checkedInMinutes),
    }),
  );
}

function expectUsageRecord(record: Record<string, string>, u: UsageSummary) {
  for (const [column, value] of [
    ['bookings', u.bookings], ['cancelled', u.cancelled], ['noShows', u.noShows], ['checkedInBookings', u.checkedIn], ['bookedMinutes', u.bookedMinutes],
    ['checkedInMinutes', u.checkedInMinutes], ['availableMinutes', u.availableMinutes], ['utilisationPercent', u.utilisationPercent],
    ['checkedInPercent', u.checkedInPercent], ['cancellationRatePercent', u.cancellationRatePercent], ['noShowRatePercent', u.noShowRatePercent],
  ] as const) {
    expect(record[column] === '' ? null : Number(record[column]), column).toBe(value);
  }
}

describe('analytics reports and heatmaps over HTTP', () => {
  let server: TestServer;
  let admin: Client;
  let analyst: Client;
  let booker: Client;
  let analytics: AnalyticsQueries;
  const token = {} as Record<'analyst' | 'siteAnalyst' | 'hotelier', string>;
  const id = { alice: randomUUID(), bob: randomUUID(), staff: randomUUID() };
  const site = {} as Record<'zurich' | 'geneva', string>;
  const space = {} as Record<'board' | 'aula' | 'lac', string>;
  const b = {} as Record<'done' | 'noShow' | 'cancelled' | 'bobAula' | 'future' | 'geneva', string>;

  const created = async (res: Promise<{ status: number; body: any }>): Promise<string> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const get = (client: Client, path: string) => client('GET', path, { strong: true });
  /** The raw bytes of a download, as a bearer of `bearer` with the given headers. */
  const download = async (bearer: string, path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(server.baseUrl + path, { headers: { Authorization: `Bearer ${bearer}`, 'Reserva-Consistency': 'strong', ...headers } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    server = await startTestServer();
    analytics = server.runtime.container.get<AnalyticsQueries>(SERVICES.AnalyticsQueries);
    admin = server.as(randomUUID(), ['admin']);
    const analystId = randomUUID();
    analyst = server.as(analystId, ['analyst']);
    token.analyst = await server.tokenFor(analystId, ['analyst']);
    booker = server.as(id.alice, ['booker']);
    await server.tokenFor(id.bob, ['booker']);
    const siteBody = (name: string, timeZone: string) => ({ name, address: '1 Bahnhofstrasse', city: name, latitude: 47.37, longitude: 8.54, timeZone, kind: 'office' });
    site.zurich = await created(admin('POST', '/api/v1/sites', { body: siteBody('Zürich HQ', 'Europe/Zurich') }));
    site.geneva = await created(admin('POST', '/api/v1/sites', { body: siteBody('Genève', 'Europe/Zurich') }));
    const room = (siteId: string, name: string) => created(admin('POST', '/api/v1/spaces', { body: { siteId, name, kind: 'meeting_room', capacity: 8, policy: officeHours } }));
    space.board = await room(site.zurich, '=Boardroom, "Zürich"');
    space.aula = await room(site.zurich, 'Aula');
    space.lac = await room(site.geneva, 'Salle du Lac');
    token.siteAnalyst = await server.tokenFor(randomUUID(), ['analyst'], [site.zurich]);
    token.hotelier = await server.tokenFor(randomUUID(), ['hotelier'], [site.zurich]);

    // The past, through the write side with a clock of its time: done, missed, cancelled, and Bob's.
    const commands = server.runtime.container.get<BookingCommands>(SERVICES.BookingCommands);
    const past = async (who: string, spaceId: string, hh: number, hours: number) =>
      (await commands.requestBooking({ spaceId, start: at(hh, PAST_DAY), end: at(hh + hours, PAST_DAY), purpose: 'past', participants: 2, resources: [] }, context(who, ['booker'], at(hh, PAST_DAY, -3 * 24 * 60)))).bookingId;
    b.done = await past(id.alice, space.board, 8, 1);
    await commands.checkIn(b.done, undefined, context(id.alice, ['booker'], at(8, PAST_DAY, 5)));
    await commands.completeBooking(b.done, undefined, context(id.staff, ['staff'], at(9, PAST_DAY, 1)));
    b.noShow = await past(id.bob, space.board, 10, 2);
    await commands.markNoShow(b.noShow, undefined, context(id.staff, ['staff'], at(10, PAST_DAY, 30)));
    b.cancelled = await past(id.alice, space.board, 13, 1);
    await commands.cancelBooking(b.cancelled, { reason: 'away' }, undefined, context(id.alice, ['booker'], at(13, PAST_DAY, -2 * 24 * 60)));
    b.bobAula = await past(id.bob, space.aula, 9, 2);
    // The future, over HTTP.
    const book = (spaceId: string, hh: number) => created(booker('POST', '/api/v1/bookings', { body: { spaceId, start: at(hh), end: at(hh + 1), purpose: 'plan', participants: 2, resources: [] } }));
    b.future = await book(space.board, 9);
    b.geneva = await book(space.lac, 12);
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('space report', () => {
    it('says who used or planned the space and when, with the utilisation and rates of the analytics port', async () => {
      const res = await get(analyst, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const report = res.body as SpaceReport;
      expect(report.bookings.map((l) => [l.bookingId, l.status, l.checkedIn, l.booker.userId])).toEqual([
        [b.done, 'completed', true, id.alice],
        [b.noShow, 'no_show', false, id.bob],
        [b.cancelled, 'cancelled', false, id.alice],
        [b.future, 'confirmed', false, id.alice],
      ]);
      // An analyst does not hold users.read: ids, no names.
      expect(report.bookings.every((l) => l.booker.name === null)).toBe(true);
      expect(report.bookings[0]).toMatchObject({ spaceName: '=Boardroom, "Zürich"', timeZone: 'Europe/Zurich', durationMinutes: 60, checkedInMinutes: 55, checkedInAt: at(8, PAST_DAY, 5) });
      const [utilisation] = await analytics.utilisation({ from: PAST_DAY, to: dayAfter(DAY, 1), targetKind: 'space', targetIds: [space.board], granularity: 'total' });
      expect(report.space.usage).toEqual({
        bookings: 4, cancelled: 1, noShows: 1, checkedIn: 1,
        bookedMinutes: 60 + 120 + 60, checkedInMinutes: 55, availableMinutes: utilisation!.availableMinutes,
        utilisationPercent: Math.round((240 / utilisation!.availableMinutes) * 10_000) / 100,
        checkedInPercent: Math.round((55 / utilisation!.availableMinutes) * 10_000) / 100,
        cancellationRatePercent: 25, noShowRatePercent: 33.33,
      });
      expect(utilisation!.bookedMinutes).toBe(240);
    });

    it('CSV carries exactly the rows and numbers of the JSON (parsed back), as a named RFC 4180 download', async () => {
      const json = (await get(analyst, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}`)).body as SpaceReport;
      const csv = await download(token.analyst, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="space-report-${space.board}-${PAST_DAY}-${dayAfter(DAY, 1)}.csv"`);
      const body = csv.bytes.toString('utf8');
      expect(body).toContain(`"'=Boardroom, ""Zürich"""`); // formula guard, quoting, UTF-8
      const records = csvObjects(body);
      expect(records.map((r) => r.record)).toEqual(['booking', 'booking', 'booking', 'booking', 'space']);
      json.bookings.forEach((line, i) => expectBookingRecord(records[i]!, line));
      expect(records[4]).toMatchObject({ spaceId: space.board, spaceName: json.space.spaceName, siteId: site.zurich });
      expectUsageRecord(records[4]!, json.space.usage);
    });

    it('negotiates the format from Accept when format is absent; format wins over Accept', async () => {
      const csv = await download(token.analyst, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}`, { Accept: 'text/csv' });
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const pdf = await download(token.analyst, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}`, { Accept: 'application/pdf, application/json;q=0.5' });
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const json = await download(token.analyst, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}&format=json`, { Accept: 'text/csv' });
      expect(json.headers.get('content-type')).toMatch(/^application\/json/);
      const anything = await download(token.analyst, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}`, { Accept: '*/*' });
      expect(anything.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('PDF: a valid A4 document with the title, the period, the bookings and the totals', async () => {
      const res = await download(token.analyst, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}&format=pdf`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/filename="space-report-.*\.pdf"/);
      const pdf = inspectPdf(res.bytes);
      expect(pdf.pageCount).toBe(1);
      const all = pdf.pages.flat().join('\n');
      expect(all).toContain('Space report: =Boardroom, "Zürich"');
      expect(all).toContain(`Period: ${PAST_DAY} up to ${dayAfter(DAY, 1)}`);
      expect(all).toContain('1 (25.00 %)');
      expect(all).toContain('no show');
      const json = (await get(analyst, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}`)).body as SpaceReport;
      for (const line of json.bookings) expect(all).toContain(line.localStart.replace('T', ' '));
    });
  });

  describe('site report', () => {
    it('summarises every space of the site, the total is their sum, and CSV equals JSON', async () => {
      const res = await get(analyst, `/api/v1/analytics/reports/sites/${site.zurich}?${PERIOD}`);
      expect(res.status).toBe(200);
      const report = res.body as SiteReport;
      expect(report.site).toEqual({ siteId: site.zurich, name: 'Zürich HQ', timeZone: 'Europe/Zurich' });
      expect(report.spaces.map((s) => [s.spaceName, s.usage.bookings, s.usage.bookedMinutes])).toEqual([
        ['=Boardroom, "Zürich"', 4, 240],
        ['Aula', 1, 120],
      ]);
      expect(report.total).toMatchObject({ bookings: 5, cancelled: 1, noShows: 1, bookedMinutes: 360, availableMinutes: report.spaces[0]!.usage.availableMinutes + report.spaces[1]!.usage.availableMinutes });
      const records = csvObjects((await download(token.analyst, `/api/v1/analytics/reports/sites/${site.zurich}?${PERIOD}&format=csv`)).bytes.toString('utf8'));
      expect(records.map((r) => r.record)).toEqual(['space', 'space', 'site']);
      report.spaces.forEach((s, i) => {
        expect(records[i]).toMatchObject({ spaceId: s.spaceId, spaceName: s.spaceName, spaceKind: 'meeting_room', retired: 'false' });
        expectUsageRecord(records[i]!, s.usage);
      });
      expectUsageRecord(records[2]!, report.total);
      const pdf = inspectPdf((await download(token.analyst, `/api/v1/analytics/reports/sites/${site.zurich}?${PERIOD}&format=pdf`)).bytes);
      expect(pdf.pages.flat()).toEqual(expect.arrayContaining(['Site report: Zürich HQ', 'Aula']));
    });
  });

  describe('person report', () => {
    it('what a person booked, cancelled and missed, per space; names for users.read only, "erased" once erased', async () => {
      const asAnalyst = (await get(analyst, `/api/v1/analytics/reports/people/${id.alice}?${PERIOD}`)).body as PersonReport;
      expect(asAnalyst.person).toEqual({ userId: id.alice, name: null });
      expect(asAnalyst.bookings.map((l) => l.bookingId)).toEqual([b.done, b.cancelled, b.future, b.geneva]);
      expect(asAnalyst.spaces.map((s) => [s.spaceName, s.usage.bookings, s.usage.cancelled])).toEqual([
        ['=Boardroom, "Zürich"', 3, 1],
        ['Salle du Lac', 1, 0],
      ]);
      expect(asAnalyst.total).toMatchObject({ bookings: 4, cancelled: 1, noShows: 0, checkedIn: 1, bookedMinutes: 180, cancellationRatePercent: 25 });
      const records = csvObjects((await download(token.analyst, `/api/v1/analytics/reports/people/${id.alice}?${PERIOD}&format=csv`)).bytes.toString('utf8'));
      expect(records.map((r) => r.record)).toEqual(['booking', 'booking', 'booking', 'booking', 'space', 'space', 'person']);
      asAnalyst.bookings.forEach((line, i) => expectBookingRecord(records[i]!, line));
      expect(records[6]).toMatchObject({ bookerId: id.alice, bookings: '4', cancelled: '1', noShows: '0', availableMinutes: '' });

      const asAdmin = (await get(admin, `/api/v1/analytics/reports/people/${id.bob}?${PERIOD}`)).body as PersonReport;
      expect(asAdmin.person.name).toMatch(/^Test u/);
      expect(asAdmin.total).toMatchObject({ bookings: 2, noShows: 1, noShowRatePercent: 50 });
      expect((await admin('DELETE', `/api/v1/users/${id.bob}`)).status).toBe(200);
      const erased = (await get(admin, `/api/v1/analytics/reports/people/${id.bob}?${PERIOD}`)).body as PersonReport;
      expect(erased.person).toEqual({ userId: id.bob, name: 'erased' });
      const board = (await get(admin, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}`)).body as SpaceReport;
      expect(board.bookings.find((l) => l.bookingId === b.noShow)!.booker).toEqual({ userId: id.bob, name: 'erased' });
      expect(board.bookings.find((l) => l.bookingId === b.done)!.booker.name).toMatch(/^Test u/);
    });

    it('a person with neither an account nor bookings is not found', async () => {
      const res = await get(analyst, `/api/v1/analytics/reports/people/nobody-${randomUUID()}?${PERIOD}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('heatmaps', () => {
    it('JSON: 168 cells by weekday and hour; the booked Monday hours of the space show', async () => {
      const res = await get(analyst, `/api/v1/analytics/heatmaps/spaces/${space.board}?${PERIOD}`);
      expect(res.status).toBe(200);
      const heatmap = res.body as Heatmap;
      expect(heatmap.cells).toHaveLength(168);
      expect(heatmap.subject).toMatchObject({ id: space.board, timeZone: 'Europe/Zurich', spaces: 1 });
      const monday = heatmap.cells.filter((c) => c.isoWeekday === 1 && c.bookedMinutes > 0);
      expect(monday.reduce((sum, c) => sum + c.bookedMinutes, 0)).toBe(240);
      expect(heatmap.cells.filter((c) => c.isoWeekday !== 1).every((c) => c.bookedMinutes === 0)).toBe(true);
      const whole = (await get(analyst, `/api/v1/analytics/heatmaps/sites/${site.zurich}?${PERIOD}`)).body as Heatmap;
      expect(whole.subject).toMatchObject({ name: 'Zürich HQ', spaces: 2 });
      expect(whole.cells.reduce((sum, c) => sum + c.bookedMinutes, 0)).toBe(360);
    });

    it('SVG and PNG charts, by format or Accept', async () => {
      const svg = await download(token.analyst, `/api/v1/analytics/heatmaps/sites/${site.zurich}?${PERIOD}&format=svg`);
      expect(svg.status).toBe(200);
      expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      expect(svg.headers.get('content-disposition')).toBe(`inline; filename="site-heatmap-${site.zurich}-${PAST_DAY}-${dayAfter(DAY, 1)}.svg"`);
      const svgText = svg.bytes.toString('utf8');
      expect(svgText).toContain('<title id="heatmap-title">Occupancy by weekday and hour: site Zürich HQ</title>');
      expect(svgText.match(/<rect [^>]*stroke="#ffffff"><title>/g)).toHaveLength(168);
      const png = await download(token.analyst, `/api/v1/analytics/heatmaps/spaces/${space.board}?${PERIOD}`, { Accept: 'image/png' });
      expect(png.headers.get('content-type')).toBe('image/png');
      const image = inspectPng(png.bytes);
      expect(image.chunks[0]).toBe('IHDR');
      expect(image.text.Title).toBe('Occupancy by weekday and hour: space =Boardroom, "Zürich"');
    });
  });

  describe('who may read analytics', () => {
    it('403 without analytics.read, in every format', async () => {
      for (const path of [`/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}`, `/api/v1/analytics/reports/people/${id.alice}?${PERIOD}&format=csv`, `/api/v1/analytics/heatmaps/sites/${site.zurich}?${PERIOD}&format=png`]) {
        const res = await booker('GET', path);
        expect(res.status, path).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect((await download(token.hotelier, path)).status, path).toBe(403);
      }
    });

    it('an analyst of one site reads that site only; their person report covers that site', async () => {
      expect((await download(token.siteAnalyst, `/api/v1/analytics/reports/spaces/${space.board}?${PERIOD}`)).status).toBe(200);
      expect((await download(token.siteAnalyst, `/api/v1/analytics/reports/sites/${site.zurich}?${PERIOD}&format=pdf`)).status).toBe(200);
      for (const path of [`/api/v1/analytics/reports/spaces/${space.lac}?${PERIOD}`, `/api/v1/analytics/reports/sites/${site.geneva}?${PERIOD}&format=csv`, `/api/v1/analytics/heatmaps/spaces/${space.lac}?${PERIOD}&format=svg`]) {
        const res = await download(token.siteAnalyst, path);
        expect(res.status, path).toBe(403);
        expect(JSON.parse(res.bytes.toString('utf8')).detail).toContain(`analytics.read on site ${site.geneva}`);
      }
      const person = JSON.parse((await download(token.siteAnalyst, `/api/v1/analytics/reports/people/${id.alice}?${PERIOD}`)).bytes.toString('utf8')) as PersonReport;
      expect(person.sites).toEqual([site.zurich]);
      expect(person.bookings.map((l) => l.bookingId)).toEqual([b.done, b.cancelled, b.future]);
    });
  });

  it('documents the five endpoints in a valid OpenAPI document, with their problems', async () => {
    const doc = (await server.anonymous('GET', '/api/openapi.json')).body;
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    for (const path of ['/reports/spaces/{spaceId}', '/reports/sites/{siteId}', '/reports/people/{userId}', '/heatmaps/spaces/{spaceId}', '/heatmaps/sites/{siteId}']) {
      const op = doc.paths[`/api/v1/analytics${path}`].get;
      expect(Object.keys(op.responses), path).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
      expect(op.parameters.map((p: { name: string }) => p.name), path).toEqual(expect.arrayContaining(['from', 'to', 'format']));
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['SpaceReport', 'SiteReport', 'PersonReport', 'OccupancyHeatmap']));
  });

  describe('bad input', () => {
    it('400 problem+json for bad periods and formats, 404 for unknown subjects; nothing is appended', async () => {
      const before = await server.eventCount();
      const cases: [string, number, string][] = [
        [`/api/v1/analytics/reports/spaces/${space.board}?from=2026-03-01&to=2026-02-01`, 400, 'to'],
        [`/api/v1/analytics/reports/spaces/${space.board}?from=2024-01-01&to=2026-06-01&format=csv`, 400, 'to'],
        [`/api/v1/analytics/reports/sites/${site.zurich}?from=2026-01-01&to=2026-02-01T00:00:00Z`, 400, 'to'],
        [`/api/v1/analytics/reports/sites/${site.zurich}?from=2026-02-30&to=2026-03-01`, 400, 'from'],
        [`/api/v1/analytics/reports/sites/${site.zurich}?to=2026-03-01`, 400, 'from'],
        [`/api/v1/analytics/reports/people/${id.alice}?${PERIOD}&format=xlsx`, 400, 'format'],
        [`/api/v1/analytics/heatmaps/spaces/${space.board}?${PERIOD}&format=pdf`, 400, 'format'],
        [`/api/v1/analytics/heatmaps/spaces/not-a-uuid?${PERIOD}`, 400, 'spaceId'],
        [`/api/v1/analytics/reports/spaces/${randomUUID()}?${PERIOD}&format=pdf`, 404, ''],
        [`/api/v1/analytics/reports/sites/${randomUUID()}?${PERIOD}`, 404, ''],
        [`/api/v1/analytics/heatmaps/sites/${randomUUID()}?${PERIOD}&format=png`, 404, ''],
      ];
      for (const [path, status, field] of cases) {
        const res = await download(token.analyst, path);
        expect(res.status, path).toBe(status);
        expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
        if (field) expect(JSON.parse(res.bytes.toString('utf8')).errors.map((e: { field: string }) => e.field), path).toContain(field);
      }
      expect(await server.eventCount()).toBe(before);
    });
  });
});
