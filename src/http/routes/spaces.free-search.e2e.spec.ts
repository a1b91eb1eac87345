import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayAfter, futureMonday } from '../../../test/support/future-day.js';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import { lisbonSite, room } from '../../../test/support/write-side.js';
import { DAY as DAY_MS } from '../../shared/domain/time-range.js';
import { localDate, offsetAt, zonedToInstant } from '../../shared/domain/time-zone.js';

const DAY = futureMonday();
const everyDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: 8 * 60, close: 20 * 60 }]]));
const hm = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
/** The instant at local `hhmm` on `date` in `zone`, as ISO. */
const local = (date: string, hhmm: string, zone: string) => new Date(zonedToInstant(date, hm(hhmm), zone)).toISOString();

/** The first local date, two days or more from now, on which `zone` changes its UTC offset. */
function nextClockChange(zone: string): string {
  let t = Date.now() + 2 * DAY_MS;
  while (offsetAt(t, zone) === offsetAt(t + DAY_MS, zone)) t += DAY_MS;
  let at = t;
  while (offsetAt(at + 60_000, zone) === offsetAt(t, zone)) at += 60_000;
  return localDate(at + 60_000, zone);
}

/** GET /spaces free between two instants answers as the booking command does about the same slot. */
describe('spaces free between two instants, against opening hours', () => {
  let server: TestServer;
  let ana: Client;
  let lisbonRoom: string;
  let tokyoRoom: string;

  const created = async (res: Promise<{ status: number; body: any }>): Promise<string> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    server = await startTestServer();
    const admin = server.as(randomUUID(), ['admin']);
    ana = server.as(randomUUID(), ['booker']);
    const lisbon = await created(admin('POST', '/api/v1/sites', { body: lisbonSite }));
    const tokyo = await created(admin('POST', '/api/v1/sites', { body: { ...lisbonSite, name: 'Tokyo Tower Office', city: 'Tokyo', latitude: 35.66, longitude: 139.75, timeZone: 'Asia/Tokyo' } }));
    const policy = { openingHours: everyDay, maxAdvanceDays: 365, maxDurationMinutes: 12 * 60 };
    lisbonRoom = await created(admin('POST', '/api/v1/spaces', { body: room(lisbon, policy, 'Tejo') }));
    tokyoRoom = await created(admin('POST', '/api/v1/spaces', { body: room(tokyo, policy, 'Sumida') }));
  });
  afterAll(() => server?.close());

  /** Which of the two rooms the search lists as free, and which the booking command would take. */
  async function freeAndBookable(start: string, end: string): Promise<{ listed: string[]; bookable: string[] }> {
    const search = await ana('GET', `/api/v1/spaces?freeFrom=${start}&freeTo=${end}&limit=200`, { strong: true });
    expect(search.status).toBe(200);
    const listed = search.body.items.map((s: { id: string }) => s.id).filter((id: string) => id === lisbonRoom || id === tokyoRoom);
    const bookable: string[] = [];
    for (const spaceId of [lisbonRoom, tokyoRoom]) {
      const preview = await ana('POST', '/api/v1/bookings/preview', { body: { spaceId, start, end, participants: 2 } });
      expect(preview.status).toBe(200);
      if (preview.body.acceptable) bookable.push(spaceId);
    }
    return { listed: listed.sort(), bookable: bookable.sort() };
  }

  const lisbonOnly = async (date: string, from: string, to: string) => {
    const answer = await freeAndBookable(local(date, from, 'Europe/Lisbon'), local(date, to, 'Europe/Lisbon'));
    expect(answer.listed).toEqual(answer.bookable);
    return answer.listed.includes(lisbonRoom);
  };

  it('lists a room open 08:00–20:00 in Lisbon only for windows inside those hours, as the booking command decides', async () => {
    expect(await lisbonOnly(DAY, '07:00', '08:00')).toBe(false);
    expect(await lisbonOnly(DAY, '09:00', '10:00')).toBe(true);
    expect(await lisbonOnly(DAY, '19:30', '20:30')).toBe(false);
    expect(await lisbonOnly(DAY, '08:00', '20:00')).toBe(true);
  });

  it("reads one instant in each room's own zone: Tokyo's 09:00 is the middle of the night in Lisbon", async () => {
    const tuesday = dayAfter(DAY, 1);
    const tokyoMorning = await freeAndBookable(local(tuesday, '09:00', 'Asia/Tokyo'), local(tuesday, '10:00', 'Asia/Tokyo'));
    expect(tokyoMorning).toEqual({ listed: [tokyoRoom], bookable: [tokyoRoom] });
    const lisbonMorning = await freeAndBookable(local(tuesday, '09:00', 'Europe/Lisbon'), local(tuesday, '10:00', 'Europe/Lisbon'));
    expect(lisbonMorning.listed).toEqual(lisbonMorning.bookable);
    expect(lisbonMorning.listed).toContain(lisbonRoom);
  });

  it('keeps to local hours on the day the clocks change in Lisbon', async () => {
    const change = nextClockChange('Europe/Lisbon');
    expect(await lisbonOnly(change, '07:00', '08:00')).toBe(false);
    expect(await lisbonOnly(change, '08:00', '09:00')).toBe(true);
    expect(await lisbonOnly(change, '19:00', '20:00')).toBe(true);
    expect(await lisbonOnly(change, '19:30', '20:30')).toBe(false);
  });
});
