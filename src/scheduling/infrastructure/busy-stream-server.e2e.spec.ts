import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { futureMonday } from '../../../test/support/future-day.js';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import { room } from '../../../test/support/write-side.js';
import { connectJsonSocket, type JsonSocketClient } from '../../http/testing/json-socket-client.js';
import { createJsonLogger } from '../../platform/logger.js';
import { BusySignals } from './busy-signals.js';
import { BUSY_STREAM_PATH, BusyStreamServer, type BusyStreamMessage, type BusyStreamOptions } from './busy-stream-server.js';

const log = createJsonLogger({ level: 'silent' });
const DAY = futureMonday();
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;
const changedFor = (spaceId: string) => (m: BusyStreamMessage) => m.type === 'busy-changed' && m.spaceId === spaceId;

describe('live busy intervals over WebSocket', () => {
  let server: TestServer;
  let replica: TestServer;
  let admin: Client;
  let booker: Client;
  let siteId: string;
  const open: JsonSocketClient<BusyStreamMessage>[] = [];
  const closers: (() => Promise<void>)[] = [];

  const created = async (res: Promise<{ status: number; body: any }>): Promise<{ id: string; revision: number }> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const newSpace = async () => (await created(admin('POST', '/api/v1/spaces', { body: room(siteId) }))).id;
  /** Once the read models have caught up with everything written so far. */
  const caughtUp = async () => expect((await admin('GET', `/api/v1/sites/${siteId}`, { strong: true })).status).toBe(200);
  const book = (spaceId: string, start: string, end: string) => created(booker('POST', '/api/v1/bookings', { body: { spaceId, start: at(start), end: at(end), participants: 2 } }));
  const busyOf = async (spaceId: string) =>
    (await server.anonymous('GET', `/api/v1/spaces/${spaceId}/availability?from=${at('00:00')}&to=${at('23:45')}`)).body.busy;

  /** A socket on `on` subscribed with `subscription`, once the server confirmed it. */
  async function subscribed(subscription: { spaceIds: string[] } | { siteId: string }, on: { baseUrl: string } = server) {
    const client = await connectJsonSocket<BusyStreamMessage>(on.baseUrl, BUSY_STREAM_PATH);
    open.push(client);
    const from = client.messages.length;
    client.send({ type: 'subscribe', ...subscription });
    await client.waitFor((m) => m.type === 'subscribed', from);
    return client;
  }

  /** The stream server alone on its own HTTP server, over the test server's database. */
  async function standalone(options: Partial<BusyStreamOptions> = {}, connect?: () => Promise<pg.PoolClient>) {
    const signals = new BusySignals(server.pool, { log, retryDelayMs: 10, ...(connect ? { connect } : {}) });
    await signals.start();
    const stream = new BusyStreamServer({ signals, spacesOfSite: async () => [], log, ...options });
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    stream.attach(http);
    closers.push(async () => {
      await stream.close();
      await signals.stop();
      await new Promise((resolve) => http.close(resolve));
    });
    return { baseUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, signals };
  }

  beforeAll(async () => {
    server = await startTestServer();
    replica = await startTestServer({}, { database: server.db });
    admin = server.as(randomUUID(), ['admin']);
    booker = server.as(randomUUID(), ['booker']);
    siteId = (await created(admin('POST', '/api/v1/sites', { body: { name: 'Live HQ', address: '1 Socket St', city: 'Testville', latitude: 1, longitude: 1, timeZone: 'UTC', kind: 'office' } }))).id;
  });
  afterAll(async () => {
    for (const client of open) await client.close();
    for (const close of closers) await close();
    await replica?.close();
    await server?.close();
  });

  it('tells a subscriber when someone books a subscribed space, after the availability route shows it, and not about other spaces', async () => {
    const [watched, other] = [await newSpace(), await newSpace()];
    const client = await subscribed({ spaceIds: [watched] });
    expect(client.messages).toEqual([{ type: 'subscribed', spaceIds: [watched] }]);

    await book(other, '09:00', '10:00');
    // Projected (and signalled) before the next booking is even made.
    await caughtUp();
    await book(watched, '11:00', '12:00');
    expect(await client.waitFor(changedFor(watched))).toEqual({ type: 'busy-changed', spaceId: watched, from: at('11:00'), to: at('12:00') });
    expect(await busyOf(watched)).toEqual([{ start: at('11:00'), end: at('12:00') }]);
    expect(client.messages.filter(changedFor(other))).toEqual([]);
  });

  it('tells of a cancellation, a move and a blackout', async () => {
    const spaceId = await newSpace();
    const client = await subscribed({ spaceIds: [spaceId] });
    const booking = await book(spaceId, '09:00', '10:00');
    await client.waitFor(changedFor(spaceId));

    let from = client.messages.length;
    expect((await booker('PATCH', `/api/v1/bookings/${booking.id}`, { body: { start: at('13:00'), end: at('14:00') } })).status).toBe(200);
    await client.waitFor((m) => changedFor(spaceId)(m) && m.type === 'busy-changed' && m.from === at('09:00'), from);
    await client.waitFor((m) => changedFor(spaceId)(m) && m.type === 'busy-changed' && m.from === at('13:00'), from);

    from = client.messages.length;
    expect((await booker('POST', `/api/v1/bookings/${booking.id}/cancel`, { body: { reason: 'not needed' } })).status).toBe(200);
    expect(await client.waitFor(changedFor(spaceId), from)).toEqual({ type: 'busy-changed', spaceId, from: at('13:00'), to: at('14:00') });
    expect(await busyOf(spaceId)).toEqual([]);

    from = client.messages.length;
    const blackout = { target: { kind: 'space', spaceId }, start: at('15:00'), end: at('17:00'), reason: 'painting' };
    expect((await admin('POST', '/api/v1/blackouts', { body: blackout })).status).toBe(201);
    expect(await client.waitFor(changedFor(spaceId), from)).toEqual({ type: 'busy-changed', spaceId, from: at('15:00'), to: at('17:00') });
  });

  it('delivers through another API process on the same database', async () => {
    const spaceId = await newSpace();
    const onReplica = await subscribed({ spaceIds: [spaceId] }, replica);
    await book(spaceId, '10:00', '11:00');
    expect(await onReplica.waitFor(changedFor(spaceId))).toEqual({ type: 'busy-changed', spaceId, from: at('10:00'), to: at('11:00') });
  });

  it('subscribes to a whole site, spaces added later included; a new subscription replaces the old one', async () => {
    const before = await newSpace();
    await caughtUp();
    const client = await subscribed({ siteId });
    const [confirmation] = client.messages;
    expect(confirmation).toMatchObject({ type: 'subscribed', siteId });
    expect(confirmation?.type === 'subscribed' && confirmation.spaceIds).toContain(before);
    const later = await newSpace();
    await book(later, '09:00', '10:00');
    await client.waitFor(changedFor(later));

    const only = await newSpace();
    const from = client.messages.length;
    client.send({ type: 'subscribe', spaceIds: [only, only] });
    expect(await client.waitFor((m) => m.type === 'subscribed', from)).toEqual({ type: 'subscribed', spaceIds: [only] });
    await book(later, '12:00', '13:00');
    await caughtUp();
    await book(only, '12:00', '13:00');
    await client.waitFor(changedFor(only), from);
    expect(client.messages.slice(from).filter(changedFor(later))).toEqual([]);
  });

  it('closes with 4400 on a message that is not a subscription, and ignores a token', async () => {
    const tooMany = Array.from({ length: 201 }, () => randomUUID());
    for (const message of ['hello', { type: 'subscribe' }, { type: 'subscribe', spaceIds: ['not-a-uuid'] }, { type: 'subscribe', spaceIds: tooMany }, { type: 'subscribe', spaceIds: [], siteId }]) {
      const client = await connectJsonSocket<BusyStreamMessage>(server.baseUrl, BUSY_STREAM_PATH);
      open.push(client);
      client.send(message);
      expect((await client.closed).code, JSON.stringify(message).slice(0, 80)).toBe(4400);
      expect(client.messages).toEqual([]);
    }
    const client = await connectJsonSocket<BusyStreamMessage>(server.baseUrl, BUSY_STREAM_PATH);
    open.push(client);
    client.send({ type: 'auth', accessToken: await server.tokenFor(randomUUID(), ['booker']) });
    client.send({ type: 'subscribe', spaceIds: [] });
    expect(await client.waitFor((m) => m.type === 'subscribed')).toEqual({ type: 'subscribed', spaceIds: [] });
  });

  it('closes a message over the size limit with 1009', async () => {
    const client = await connectJsonSocket<BusyStreamMessage>(server.baseUrl, BUSY_STREAM_PATH);
    open.push(client);
    client.send({ type: 'subscribe', spaceIds: ['x'.repeat(32 * 1024)] });
    expect((await client.closed).code).toBe(1009);
  });

  it('refuses more connections from one address than allowed with 4429', async () => {
    const { baseUrl } = await standalone({ maxConnectionsPerAddress: 2 });
    const clients: JsonSocketClient<BusyStreamMessage>[] = [];
    for (let i = 0; i < 3; i++) clients.push(await connectJsonSocket<BusyStreamMessage>(baseUrl, BUSY_STREAM_PATH));
    open.push(...clients);
    expect((await clients[2]!.closed).code).toBe(4429);
    await clients[0]!.close();
    const again = await connectJsonSocket<BusyStreamMessage>(baseUrl, BUSY_STREAM_PATH);
    open.push(again);
    again.send({ type: 'subscribe', spaceIds: [] });
    await again.waitFor((m) => m.type === 'subscribed');
  });

  it('tells subscribers to refetch when its database listener came back, and carries on', async () => {
    let gate: Promise<void> = Promise.resolve();
    let openGate = () => {};
    const { baseUrl, signals } = await standalone({}, async () => {
      await gate;
      return server.pool.connect();
    });
    const spaceId = await newSpace();
    const client = await subscribed({ spaceIds: [spaceId] }, { baseUrl });
    gate = new Promise((resolve) => (openGate = resolve));
    await server.pool.query('SELECT pg_terminate_backend($1)', [signals.backendPid]);
    openGate();
    await client.waitFor((m) => m.type === 'resync');
    await book(spaceId, '16:00', '17:00');
    await client.waitFor(changedFor(spaceId));
  });
});
