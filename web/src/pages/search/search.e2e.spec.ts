/// <reference types="node" />
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayAfter, futureMonday } from '../../../../test/support/future-day.js';
import { startTestServer, type Client, type TestServer } from '../../../../test/support/test-server.js';
import { lisbonSite, officeHours } from '../../../../test/support/write-side.js';
import { withQuery } from '../../api/client.js';
import type { Space, SpacePage } from '../../api/types.js';
import { fromWallClock } from '../../time/zoned-time.js';
import { freeBetweenRange } from './free-between.js';
import { filtersFromQuery, filtersToQuery, spacesQuery, type SearchFilters } from './search-filters.js';

const MONDAY = futureMonday();
const SATURDAY = dayAfter(MONDAY, 5);
const LISBON = 'Europe/Lisbon';

/**
 * The search page's query builder against the real API: the URL the page writes, read back as
 * the page reads it, turned into GET /spaces as the page sends it, answers with the right spaces.
 */
describe('search query builder against the real API', () => {
  let server: TestServer;
  let admin: Client;
  let lisbonId: string;
  let portoId: string;

  const created = async (res: Promise<{ status: number; body: any }>): Promise<string> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const space = (siteId: string, name: string, capacity: number, amenities: string[], extra: Record<string, unknown> = {}) =>
    created(admin('POST', '/api/v1/spaces', { body: { siteId, name, kind: 'meeting_room', capacity, amenities, policy: officeHours, ...extra } }));

  /** What the page shows for a URL: its filters → GET /spaces, every page, names in order. */
  async function search(url: string, pageSize = 50): Promise<Space[]> {
    const filters = filtersFromQuery(new URL(url, 'http://reserva.test').searchParams);
    const found: Space[] = [];
    for (let offset = 0; ; offset += pageSize) {
      // strong: the read models include the writes above before answering.
      const res = await admin('GET', withQuery('/api/v1/spaces', spacesQuery(filters, { limit: pageSize, offset })), { strong: true });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const page = res.body as SpacePage;
      found.push(...page.items);
      if (offset + pageSize >= page.total) return found;
    }
  }
  const names = (spaces: Space[]) => spaces.map((s) => s.name);
  /** The URL the page writes for these filters. */
  const urlOf = (filters: SearchFilters) => withQuery('/', filtersToQuery(filters));
  /** "Free between" as typed by a viewer in Lisbon. */
  const lisbonRange = (date: string, start: string, end: string) => {
    const range = freeBetweenRange({ date, start, end }, LISBON);
    if (range.kind !== 'range') throw new Error(`not a range: ${range.kind}`);
    return { freeFrom: range.freeFrom, freeTo: range.freeTo };
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
    lisbonId = await created(admin('POST', '/api/v1/sites', { body: { ...lisbonSite, name: 'Search HQ' } }));
    portoId = await created(admin('POST', '/api/v1/sites', { body: { ...lisbonSite, name: 'Search Porto', city: 'Porto', address: 'Rua de Santa Catarina 1' } }));
    await space(lisbonId, 'Alpha Room', 8, ['projector', 'whiteboard']);
    await space(lisbonId, 'Charlie Room', 4, ['projector']);
    const busyId = await space(lisbonId, 'Bravo Room', 10, ['projector', 'video_conferencing']);
    await space(portoId, 'Delta Hall', 60, ['stage'], { kind: 'hall', policy: { ...officeHours, openingHours: null } });
    const booker = server.as(randomUUID(), ['booker']);
    const booking = await booker('POST', '/api/v1/bookings', {
      body: { spaceId: busyId, start: fromWallClock(MONDAY, '10:00', LISBON).toISOString(), end: fromWallClock(MONDAY, '11:00', LISBON).toISOString(), participants: 6 },
    });
    expect(booking.status, JSON.stringify(booking.body)).toBe(201);
  });
  afterAll(() => server?.close());

  it('finds rooms for at least 6 people with a projector', async () => {
    const url = urlOf({ minCapacity: 6, amenities: ['projector'] });
    expect(url).toBe('/?minCapacity=6&amenities=projector');
    expect(names(await search(url))).toEqual(['Alpha Room', 'Bravo Room']);
    expect(names(await search(urlOf({ minCapacity: 6, amenities: ['projector', 'whiteboard'] })))).toEqual(['Alpha Room']);
  });

  it('filters by city, site and kind', async () => {
    expect(names(await search(urlOf({ city: 'porto', amenities: [] })))).toEqual(['Delta Hall']);
    expect(names(await search(urlOf({ siteId: lisbonId, amenities: [] })))).toEqual(['Alpha Room', 'Bravo Room', 'Charlie Room']);
    expect(names(await search(urlOf({ kind: 'hall', amenities: [] })))).toEqual(['Delta Hall']);
    expect(names(await search(urlOf({ siteId: portoId, kind: 'meeting_room', amenities: [] })))).toEqual([]);
  });

  it('leaves out a space booked during "free between", typed on a Lisbon wall clock', async () => {
    const url = urlOf({ minCapacity: 6, amenities: ['projector'], ...lisbonRange(MONDAY, '10:30', '11:30') });
    expect(url).toMatch(/^\/\?minCapacity=6&amenities=projector&freeFrom=.+&freeTo=.+$/);
    expect(names(await search(url))).toEqual(['Alpha Room']);
    // Right after the booking (a half-open interval) the room is free again.
    expect(names(await search(urlOf({ minCapacity: 6, amenities: ['projector'], ...lisbonRange(MONDAY, '11:00', '12:00') })))).toEqual(['Alpha Room', 'Bravo Room']);
  });

  it('leaves out rooms closed during "free between" (opening hours, in each room\'s zone)', async () => {
    const saturday = lisbonRange(SATURDAY, '10:00', '12:00');
    expect(names(await search(urlOf({ amenities: [], ...saturday })))).toEqual(['Delta Hall']);
  });

  it('pages with the limit and offset the page sends, the same spaces in the same order', async () => {
    const all = names(await search('/'));
    expect(all).toEqual(['Alpha Room', 'Bravo Room', 'Charlie Room', 'Delta Hall']);
    expect(names(await search('/', 1))).toEqual(all);
    expect(names(await search('/', 3))).toEqual(all);
  });
});
