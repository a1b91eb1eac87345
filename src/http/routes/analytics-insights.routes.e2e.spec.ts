import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import { context, lisbonSite, officeHours } from '../../../test/support/write-side.js';
import type { SiteForecast, SpaceForecast } from '../../analytics/application/forecasts.js';
import type { Recommendation, RecommendationResult } from '../../analytics/application/recommendations.js';
import { addDays, mondayOf } from '../../analytics/domain/forecast-open-days.js';
import type { BookingCommands } from '../../booking/application/booking-commands.js';
import type { CatalogCommands } from '../../catalog/application/catalog-commands.js';
import { SERVICES } from '../../platform/container.js';
import { toIso } from '../../shared/domain/time-range.js';
import { localDate, zonedToInstant } from '../../shared/domain/time-zone.js';

const LISBON = lisbonSite.timeZone;
const HOUR = 60;
const NOW = Date.now();
/** Monday of the current week on Lisbon's calendar; history is the six complete weeks before it. */
const THIS_MONDAY = mondayOf(localDate(NOW, LISBON));
const HISTORY_WEEKS = 6;
const weekStart = (k: number) => addDays(THIS_MONDAY, -7 * (HISTORY_WEEKS - k));
const NEXT_MONDAY = addDays(THIS_MONDAY, 7);
const NEXT_FRIDAY = addDays(THIS_MONDAY, 11);
const lisbon = (date: string, minutes: number) => toIso(zonedToInstant(date, minutes, LISBON));
/** The same for the UTC site of the backtest. */
const UTC_MONDAY = mondayOf(localDate(NOW, 'UTC'));

describe('recommendations and forecasts over HTTP', () => {
  let server: TestServer;
  let admin: Client;
  let booker: Client;
  let analyst: Client;
  const site = {} as Record<'lisbon' | 'mini', string>;
  const space = {} as Record<'tejo' | 'cubiculo' | 'grande' | 'mini', string>;
  let kit: string;
  const alice = randomUUID();

  const recommend = (client: Client, body: unknown, headers: Record<string, string> = {}) => client('POST', '/api/v1/recommendations', { body, headers });
  const wish = { durationMinutes: 60, participants: 4, amenities: ['projector'], earliestDay: NEXT_MONDAY, latestDay: addDays(NEXT_MONDAY, 6), limit: 20 };

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
    booker = server.as(alice, ['booker']);
    analyst = server.as(randomUUID(), ['analyst']);
    const catalog = server.runtime.container.get<CatalogCommands>(SERVICES.CatalogCommands);
    const bookings = server.runtime.container.get<BookingCommands>(SERVICES.BookingCommands);

    // The catalog appears on the Sunday evening before the history (closed then, so no week before it counts).
    const adminAt = (date: string) => context('admin', ['admin'], lisbon(addDays(date, -1), 23 * HOUR));
    const longDays = { ...officeHours, maxDurationMinutes: 12 * HOUR };
    site.lisbon = (await catalog.registerSite(lisbonSite, adminAt(weekStart(0)))).id;
    const room = async (name: string, capacity: number, amenities: string[]) =>
      (await catalog.createSpace({ siteId: site.lisbon, name, kind: 'meeting_room', capacity, amenities, photoUrls: [], description: '', policy: longDays }, adminAt(weekStart(0)))).id;
    space.tejo = await room('Tejo', 8, ['projector', 'whiteboard']);
    space.cubiculo = await room('Cubículo', 2, ['projector']);
    space.grande = await room('Sala Grande', 20, ['whiteboard']);
    kit = (await catalog.createResource({ siteId: site.lisbon, name: 'Projector kit', category: 'equipment', quantity: 1, description: '' }, adminAt(weekStart(0)))).id;

    // Six weeks of Tejo: Monday mornings always full; Tuesday to Thursday, Monday and Friday
    // mornings booked every other week; Friday afternoons never.
    const book = (spaceId: string, date: string, from: number, to: number) =>
      bookings.requestBooking(
        { spaceId, start: lisbon(date, from * HOUR), end: lisbon(date, to * HOUR), purpose: 'history', participants: 4, resources: [] },
        context(alice, ['booker'], lisbon(date, from * HOUR - 60)),
      );
    for (let k = 0; k < HISTORY_WEEKS; k++) {
      const day = (n: number) => addDays(weekStart(k), n);
      await book(space.tejo, day(0), 8, 12);
      if (k % 2 === 1) {
        await book(space.tejo, day(0), 12, 20);
        for (const n of [1, 2, 3]) await book(space.tejo, day(n), 8, 20);
        await book(space.tejo, day(4), 8, 12);
      }
    }

    // A tiny UTC site for the backtest: open Mondays 09:00–10:00 only, booked 60, 0 and 30 minutes in the last three weeks.
    const utcWeek = (k: number) => addDays(UTC_MONDAY, -7 * (3 - k));
    const utcAt = (date: string, minutes: number) => new Date(Date.parse(`${date}T00:00:00Z`) + minutes * 60_000).toISOString();
    const utcAdmin = context('admin', ['admin'], utcAt(addDays(utcWeek(0), -1), 23 * HOUR));
    site.mini = (await catalog.registerSite({ ...lisbonSite, name: 'Mini', timeZone: 'UTC' }, utcAdmin)).id;
    const mondayHour = { ...officeHours, openingHours: { mon: [{ open: 9 * HOUR, close: 10 * HOUR }] }, maxDurationMinutes: 60 };
    space.mini = (await catalog.createSpace({ siteId: site.mini, name: 'Mini', kind: 'meeting_room', capacity: 4, amenities: [], photoUrls: [], description: '', policy: mondayHour }, utcAdmin)).id;
    for (const [k, minutes] of [[0, 60], [2, 30]] as const) {
      await bookings.requestBooking(
        { spaceId: space.mini, start: utcAt(utcWeek(k), 9 * HOUR), end: utcAt(utcWeek(k), 9 * HOUR + minutes), purpose: 'history', participants: 2, resources: [] },
        context(alice, ['booker'], utcAt(utcWeek(k), 8 * HOUR)),
      );
    }

    // The future, over HTTP: Tejo taken next Friday 13:00–15:00; the projector kit next Friday 16:00–18:00 (with Sala Grande).
    const future = async (body: object) => {
      const res = await booker('POST', '/api/v1/bookings', { body: { purpose: 'plan', participants: 4, resources: [], ...body } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    await future({ spaceId: space.tejo, start: lisbon(NEXT_FRIDAY, 13 * HOUR), end: lisbon(NEXT_FRIDAY, 15 * HOUR) });
    await future({ spaceId: space.grande, start: lisbon(NEXT_FRIDAY, 16 * HOUR), end: lisbon(NEXT_FRIDAY, 18 * HOUR), resources: [{ resourceId: kit, quantity: 1 }] });
    // Reading with strong consistency waits for every projection to include the writes above.
    expect((await admin('GET', `/api/v1/spaces/${space.tejo}`, { strong: true })).status).toBe(200);
  });

  afterAll(async () => {
    await server?.close();
  });

  const localHour = (r: Recommendation) => Number(r.localStart.slice(11, 13));
  const weekdayOf = (r: Recommendation) => new Date(`${r.localStart.slice(0, 10)}T00:00:00Z`).getUTCDay();
  const overlaps = (r: Recommendation, start: string, end: string) => Date.parse(r.start) < Date.parse(end) && Date.parse(start) < Date.parse(r.end);

  describe('POST /api/v1/recommendations', () => {
    it('ranks Friday afternoon first with the reason, and avoids Monday mornings', async () => {
      const res = await recommend(booker, wish);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const result = res.body as RecommendationResult;
      expect(result.recommendations).toHaveLength(20);
      const [best] = result.recommendations;
      expect(best).toMatchObject({ spaceId: space.tejo, spaceName: 'Tejo', timeZone: LISBON, score: 1, contention: 0, historicalShare: 0, approvalRequired: false });
      // Next Friday 13:00–15:00 is taken; 12:00 has Friday 11:00 (half booked) beside it, so 15:00 comes first.
      expect(best!.localStart).toBe(`${NEXT_FRIDAY}T15:00`);
      expect(best!.reason).toMatch(/^Fridays 15:00–16:00 are usually free \(0% booked over the last \d+ weeks\)$/);
      for (const r of result.recommendations.slice(0, 5)) {
        expect(weekdayOf(r)).toBe(5);
        expect(localHour(r)).toBeGreaterThanOrEqual(12);
      }
      for (const r of result.recommendations) expect(weekdayOf(r) === 1 && localHour(r) < 12, r.localStart).toBe(false);
      const scores = result.recommendations.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      // History is the complete weeks before this one.
      expect(result.insights[0]).toEqual({ kind: 'busy', isoWeekday: 1, part: 'morning', share: 1, text: 'Monday mornings are 100% booked' });
      expect(result.insights.at(-1)).toMatchObject({ kind: 'quiet', isoWeekday: 5, part: 'afternoon', share: 0, text: 'Friday afternoons are usually free (0% booked)' });
    });

    it('never proposes an occupied slot, nor a space too small or without the projector', async () => {
      const result = (await recommend(booker, wish)).body as RecommendationResult;
      expect(result.spaces).toEqual({ matching: 1, searched: 1, truncated: false });
      for (const r of result.recommendations) {
        expect(r.spaceId).toBe(space.tejo);
        expect(overlaps(r, lisbon(NEXT_FRIDAY, 13 * HOUR), lisbon(NEXT_FRIDAY, 15 * HOUR)), r.localStart).toBe(false);
      }
      // Any room for two on Monday morning: the never-booked rooms first (the smaller first), Tejo's full mornings last.
      const anyRoom = (await recommend(booker, { ...wish, siteId: site.lisbon, participants: 2, amenities: [], preferredHours: { from: '08:00', to: '12:00' }, latestDay: NEXT_MONDAY })).body as RecommendationResult;
      expect(anyRoom.spaces).toEqual({ matching: 3, searched: 3, truncated: false });
      expect(anyRoom.recommendations[0]).toMatchObject({ spaceId: space.cubiculo, localStart: `${NEXT_MONDAY}T08:00`, score: 1 });
      expect(anyRoom.recommendations[0]!.reason).toMatch(/^Mondays 08:00–09:00 are usually free \(0% booked over the last \d+ weeks\)$/);
      const tejoFrom = anyRoom.recommendations.findIndex((r) => r.spaceId === space.tejo);
      expect(tejoFrom).toBe(8); // four morning hours in each of the two other rooms
      for (const r of anyRoom.recommendations.slice(tejoFrom)) {
        expect(r.spaceId).toBe(space.tejo);
        expect(r.score).toBeLessThan(0.3);
      }
      expect(anyRoom.recommendations[tejoFrom]!.reason).toMatch(/^Mondays \d\d:\d\d–\d\d:\d\d are usually busy \(\d+% booked over the last \d+ weeks\); this one is free now$/);
    });

    it('needs the wished pooled resources free in the same slot', async () => {
      const result = (await recommend(booker, { ...wish, resources: [{ resourceId: kit, quantity: 1 }] })).body as RecommendationResult;
      expect(result.recommendations.length).toBeGreaterThan(0);
      for (const r of result.recommendations) {
        expect(overlaps(r, lisbon(NEXT_FRIDAY, 16 * HOUR), lisbon(NEXT_FRIDAY, 18 * HOUR)), r.localStart).toBe(false);
        expect(r.booking.resources).toEqual([{ resourceId: kit, quantity: 1 }]);
      }
    });

    it('writes the reasons in the caller’s language', async () => {
      const pt = (await recommend(booker, { ...wish, limit: 1 }, { 'Accept-Language': 'pt-PT,pt;q=0.9' })).body as RecommendationResult;
      expect(pt.recommendations[0]!.reason).toMatch(/^Às sextas-feiras, das 15:00 às 16:00, está normalmente livre \(0% ocupado nas últimas \d+ semanas\)$/);
      const ru = (await recommend(booker, { ...wish, limit: 1, locale: 'ru' })).body as RecommendationResult;
      expect(ru.recommendations[0]!.reason).toMatch(/^По пятницам с 15:00 до 16:00 обычно свободно/);
    });

    it('suggests slots that can be booked as they are', async () => {
      const [best] = ((await recommend(booker, { ...wish, limit: 1 })).body as RecommendationResult).recommendations;
      const res = await booker('POST', '/api/v1/bookings', { body: { ...best!.booking, purpose: 'as recommended' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      // The read models follow the write a moment later: wait until the availability search shows the booking.
      await expect.poll(async () => (await admin('GET', `/api/v1/spaces/${space.tejo}/availability?from=${best!.start}&to=${best!.end}`)).body.busy.length).toBe(1);
      const after = ((await recommend(booker, { ...wish, limit: 20 })).body as RecommendationResult).recommendations;
      expect(after.map((r) => r.start)).not.toContain(best!.start);
    });

    it('answers bad input with 400 problem+json, and callers who cannot book with 401/403', async () => {
      for (const body of [
        { ...wish, durationMinutes: 0 },
        { ...wish, latestDay: addDays(NEXT_MONDAY, -1) },
        { ...wish, latestDay: addDays(NEXT_MONDAY, 40) },
        { ...wish, preferredHours: { from: '14:00', to: '09:00' } },
        { ...wish, preferredHours: { from: '9', to: '10:00' } },
        { ...wish, resources: [{ resourceId: 'not-a-uuid', quantity: 1 }] },
        { ...wish, surprise: true },
        { participants: 4 },
      ]) {
        const res = await recommend(booker, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      expect((await recommend(booker, { ...wish, resources: [{ resourceId: randomUUID(), quantity: 1 }] })).status).toBe(422);
      expect((await recommend(server.as(randomUUID(), ['viewer']), wish)).status).toBe(403);
      expect((await recommend(server.anonymous, wish)).status).toBe(401);
    });
  });

  describe('GET /api/v1/analytics/forecasts', () => {
    it('predicts Monday mornings high and Friday afternoons low for a space', async () => {
      const res = await analyst('GET', `/api/v1/analytics/forecasts/spaces/${space.tejo}?weeks=2`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const forecast = res.body as SpaceForecast;
      const cell = (isoWeekday: number, hour: number) => forecast.profile.find((c) => c.isoWeekday === isoWeekday && c.hour === hour)!.predictedShare;
      expect(cell(1, 9)).toBe(1);
      expect(cell(5, 15)).toBe(0);
      // Booked in weeks 1, 3 and 5 of 0–5; weights 0.7^age from the latest: (1 + 0.49 + 0.2401) / (1 + 0.7 + 0.49 + 0.343 + 0.2401 + 0.16807).
      const alternate = 1.7301 / 2.94117;
      expect(cell(2, 10)).toBeCloseTo(alternate, 4);
      expect(cell(6, 10)).toBeNull();
      const day = (date: string) => forecast.days.find((d) => d.date === date)!;
      // Monday: 4 full hours and 8 at the alternating share; Friday: 4 hours at it, 8 at none.
      expect(day(NEXT_MONDAY)).toMatchObject({ openMinutes: 720, predictedShare: expect.closeTo((240 + 480 * alternate) / 720, 4) });
      expect(day(NEXT_FRIDAY)).toMatchObject({ openMinutes: 720, predictedShare: expect.closeTo((240 * alternate) / 720, 4) });
      expect(forecast.days).toHaveLength(14);
      expect(forecast.horizon).toEqual({ from: localDate(Date.now(), LISBON), to: addDays(localDate(Date.now(), LISBON), 14), weeks: 2 });
      expect(forecast.confidence).toEqual({ level: 'normal', historyWeeks: 6, reasons: [] });
      expect(forecast.backtest.weeks.map((w) => w.weekStart)).toEqual([2, 3, 4, 5].map(weekStart));
      expect(forecast.model).toMatchObject({ method: 'seasonal-ewma', alpha: 0.3, lookbackWeeks: 12, backtestWeeks: 4, history: { to: THIS_MONDAY } });
    });

    it('reports the error of past forecasts: hand-computed on a tiny history, flagged as short', async () => {
      const forecast = (await analyst('GET', `/api/v1/analytics/forecasts/spaces/${space.mini}`)).body as SpaceForecast;
      // Week 2 forecast from week 1: 100% predicted, 0% happened (60 minutes off).
      // Week 3 from weeks 1–2: 0.7·60 / (60 + 0.7·60) = 41.18% predicted, 50% happened (5.29 minutes off).
      const third = (0.7 * 60) / (60 + 0.7 * 60);
      expect(forecast.backtest.weeks).toEqual([
        { weekStart: addDays(UTC_MONDAY, -14), cells: 1, days: 1, maePp: 100, dailyMaePp: 100, wape: null },
        { weekStart: addDays(UTC_MONDAY, -7), cells: 1, days: 1, maePp: 8.82, dailyMaePp: 8.82, wape: 0.1765 },
      ]);
      expect(forecast.backtest.maePp).toBeCloseTo((100 + 100 * (0.5 - third)) / 2, 2); // 54.41
      expect(forecast.backtest.wape).toBeCloseTo((60 + Math.abs(third * 60 - 30)) / 30, 4); // 2.1765
      expect(forecast.confidence).toEqual({ level: 'low', historyWeeks: 3, reasons: ['only 3 weeks of history; at least 4 are needed for a forecast worth trusting'] });
      // Next Monday: (1·30 + 0.7·0 + 0.49·60) / (60 + 0.7·60 + 0.49·60) of its one open hour.
      const nextMonday = addDays(UTC_MONDAY, 7);
      const monday = forecast.days.find((d) => d.date === nextMonday)!;
      expect(monday).toEqual({ date: nextMonday, isoWeekday: 1, openMinutes: 60, predictedBookedMinutes: 27.1, predictedShare: 0.4521 });
    });

    it('forecasts a site as a whole and space by space', async () => {
      const res = await analyst('GET', `/api/v1/analytics/forecasts/sites/${site.lisbon}?weeks=2`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const forecast = res.body as SiteForecast;
      expect(forecast.site).toEqual({ siteId: site.lisbon, name: 'Lisbon HQ', timeZone: LISBON, spaces: 3 });
      expect(forecast.spaces!.map((s) => s.name).sort()).toEqual(['Cubículo', 'Sala Grande', 'Tejo']);
      const tejo = (await analyst('GET', `/api/v1/analytics/forecasts/spaces/${space.tejo}?weeks=2`)).body as SpaceForecast;
      expect(forecast.spaces!.find((s) => s.spaceId === space.tejo)!.days).toEqual(tejo.days);
      // Three rooms open alike, one of them booked: the site is a third as busy as Tejo.
      const monday = (days: { date: string; predictedShare: number | null }[]) => days.find((d) => d.date === NEXT_MONDAY)!.predictedShare!;
      expect(monday(forecast.days)).toBeCloseTo(monday(tejo.days) / 3, 3);
      expect(forecast.days).toHaveLength(14);
    });

    it('checks permission, site and input', async () => {
      expect((await booker('GET', `/api/v1/analytics/forecasts/spaces/${space.tejo}`)).status).toBe(403);
      const otherSiteAnalyst = await server.tokenFor(randomUUID(), ['analyst'], [site.mini]);
      const asOther = await server.anonymous('GET', `/api/v1/analytics/forecasts/spaces/${space.tejo}`, { headers: { Authorization: `Bearer ${otherSiteAnalyst}` } });
      expect(asOther.status).toBe(403);
      const own = await server.anonymous('GET', `/api/v1/analytics/forecasts/sites/${site.mini}`, { headers: { Authorization: `Bearer ${otherSiteAnalyst}` } });
      expect(own.status).toBe(200);
      expect((await analyst('GET', `/api/v1/analytics/forecasts/spaces/${randomUUID()}`)).status).toBe(404);
      expect((await analyst('GET', `/api/v1/analytics/forecasts/sites/${randomUUID()}`)).status).toBe(404);
      for (const query of ['weeks=0', 'weeks=13', 'weeks=two', 'horizon=3']) {
        const res = await analyst('GET', `/api/v1/analytics/forecasts/spaces/${space.tejo}?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });
  });
});
