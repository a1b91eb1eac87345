import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { futureMonday } from '../../../../test/support/future-day.js';
import { startTestServer, type Client, type TestServer } from '../../../../test/support/test-server.js';
import { room } from '../../../../test/support/write-side.js';
import { created } from '../../../../test/web/web-test-helpers.js';
import { openBusyStream, type BusyChange } from '../../live/busy-stream.js';

const DAY = futureMonday();
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;

/**
 * The web client's busy-stream module, run in Node against the real server: what a browser tab
 * provides (location, timers, visibility events, WebSocket) is given by Node and the `ws` package.
 */
describe('the client busy stream against the real server', () => {
  let server: TestServer;
  let admin: Client;
  let booker: Client;
  let siteId: string;
  const streams: { close(): void }[] = [];

  const newSpace = () => created(admin('POST', '/api/v1/spaces', { body: room(siteId) }));
  const book = (spaceId: string, start: string, end: string) => created(booker('POST', '/api/v1/bookings', { body: { spaceId, start: at(start), end: at(end), participants: 2 } }));

  /** A stream and what it reported, once it is subscribed (its first report). */
  async function listen(subject: Parameters<typeof openBusyStream>[0]) {
    const reports: (BusyChange | undefined)[] = [];
    streams.push(openBusyStream(subject, (change) => reports.push(change)));
    await expect.poll(() => reports.length, { timeout: 15_000 }).toBeGreaterThan(0);
    return reports;
  }

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
    booker = server.as(randomUUID(), ['booker']);
    siteId = await created(admin('POST', '/api/v1/sites', { body: { name: 'Stream HQ', address: '1 Socket St', city: 'Testville', latitude: 1, longitude: 1, timeZone: 'UTC', kind: 'office' } }));
    const noop = () => {};
    vi.stubGlobal('window', { location: new URL(server.baseUrl), setTimeout, clearTimeout, addEventListener: noop, removeEventListener: noop });
    vi.stubGlobal('document', { visibilityState: 'visible', addEventListener: noop, removeEventListener: noop });
    vi.stubGlobal('WebSocket', WebSocket);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    vi.unstubAllGlobals();
    await server?.close();
  });

  it('reports "refetch everything" once subscribed, then a booking on a watched space, and nothing about other spaces', async () => {
    const [watched, other] = [await newSpace(), await newSpace()];
    const reports = await listen([watched]);
    expect(reports).toEqual([undefined]);

    await book(other, '09:00', '10:00');
    await book(watched, '11:00', '12:00');
    await expect.poll(() => reports.filter(Boolean), { timeout: 15_000 }).toEqual([{ spaceId: watched, from: at('11:00'), to: at('12:00') }]);
    // The availability route already shows what the stream announced.
    const availability = await server.anonymous('GET', `/api/v1/spaces/${watched}/availability?from=${at('00:00')}&to=${at('23:45')}`);
    expect(availability.body.busy).toEqual([{ start: at('11:00'), end: at('12:00') }]);
  });

  it('follows every space of a site, also one added after subscribing', async () => {
    const reports = await listen({ siteId });
    const added = await newSpace();
    await book(added, '14:00', '15:30');
    await expect.poll(() => reports.filter((r) => r?.spaceId === added), { timeout: 15_000 }).toEqual([{ spaceId: added, from: at('14:00'), to: at('15:30') }]);
  });

  it('stops reporting once closed', async () => {
    const spaceId = await newSpace();
    const reports: (BusyChange | undefined)[] = [];
    const stream = openBusyStream([spaceId], (change) => reports.push(change));
    await expect.poll(() => reports.length, { timeout: 15_000 }).toBe(1);
    stream.close();
    await book(spaceId, '16:00', '17:00');
    // A second stream on the same space hears the cancellation; the closed one heard nothing.
    const witness = await listen([spaceId]);
    const bookingId = (await booker('GET', `/api/v1/bookings?spaceId=${spaceId}`, { strong: true })).body.items[0].id;
    expect((await booker('POST', `/api/v1/bookings/${bookingId}/cancel`, { body: { reason: 'not needed' } })).status).toBe(200);
    await expect.poll(() => witness.filter(Boolean).length, { timeout: 15_000 }).toBe(1);
    expect(reports).toEqual([undefined]);
  });
});
