import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';
import type { Authenticator } from '../../http/auth/authenticator.js';
import { SERVICES } from '../../platform/container.js';
import { createJsonLogger } from '../../platform/logger.js';
import { InboxSignals } from './inbox-signals.js';
import { NotificationStreamServer, type NotificationStreamOptions, type StreamMessage } from './notification-stream-server.js';
import { connectStream, type StreamClient } from './notification-stream-server.fixtures.js';
import { PostgresInbox } from './postgres-inbox.js';
import { insertNotification } from './postgres-inbox.fixtures.js';

const log = createJsonLogger({ level: 'silent' });
const isReady = (m: StreamMessage) => m.type === 'ready';
const isNotification = (id: number) => (m: StreamMessage) => m.type === 'notification' && m.notification.id === id;

describe('live inbox over WebSocket', () => {
  let server: TestServer;
  let replica: TestServer;
  const open: StreamClient[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    replica = await startTestServer({}, { database: server.db });
  });
  afterAll(async () => {
    for (const client of open) await client.close();
    for (const close of closers) await close();
    await replica?.close();
    await server?.close();
  });

  /** A person with a real access token, and a helper to connect as them. */
  async function person(roles = ['booker']) {
    const id = randomUUID();
    const token = await server.tokenFor(id, roles);
    const connect = async (after?: number, on: { baseUrl: string } = server) => {
      const client = await connectStream(on.baseUrl, { accessToken: token, ...(after === undefined ? {} : { after }) });
      open.push(client);
      await client.waitFor(isReady);
      return client;
    };
    return { id, token, connect, notify: (pool: pg.Pool = server.pool) => insertNotification(pool, { recipientId: id }) };
  }

  /** The stream server alone on its own HTTP server, over the test server's database and authenticator. */
  async function standalone(options: Partial<NotificationStreamOptions> = {}, connect?: () => Promise<pg.PoolClient>) {
    const signals = new InboxSignals(server.pool, { log, retryDelayMs: 10, ...(connect ? { connect } : {}) });
    await signals.start();
    const stream = new NotificationStreamServer({
      inbox: new PostgresInbox(server.pool),
      signals,
      authenticate: server.runtime.container.get<Authenticator>(SERVICES.Authenticator),
      log,
      clock: () => new Date(),
      ...options,
    });
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

  describe('authentication', () => {
    it('closes with 4401 on a bad token, and sends nothing', async () => {
      const client = await connectStream(server.baseUrl, { accessToken: 'not-a-token' });
      expect((await client.closed).code).toBe(4401);
      const forged = await connectStream(server.baseUrl, { accessToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
      expect((await forged.closed).code).toBe(4401);
      expect([...client.messages, ...forged.messages]).toEqual([]);
    });

    it('closes with 4400 on a first message that is not auth, and sends nothing', async () => {
      const { token } = await person();
      for (const first of ['hello', JSON.stringify({ type: 'subscribe' }), JSON.stringify({ type: 'auth', accessToken: token, after: -1 }), JSON.stringify({ type: 'auth' })]) {
        const client = await connectStream(server.baseUrl, first);
        expect((await client.closed).code, first).toBe(4400);
        expect(client.messages).toEqual([]);
      }
    });

    it('closes a message over the size limit with 1009', async () => {
      const client = await connectStream(server.baseUrl, JSON.stringify({ type: 'auth', accessToken: 'x'.repeat(64 * 1024) }));
      expect((await client.closed).code).toBe(1009);
      expect(client.messages).toEqual([]);
    });

    it('closes with 4401 when nobody authenticates in time', async () => {
      const { baseUrl } = await standalone({ authTimeoutMs: 50 });
      const client = await connectStream(baseUrl);
      expect((await client.closed).code).toBe(4401);
      expect(client.messages).toEqual([]);
    });

    it('closes with 4401 once the session is logged out', async () => {
      const { baseUrl } = await standalone({ recheckMs: 50 });
      const ana = await person();
      const client = await connectStream(baseUrl, { accessToken: ana.token });
      await client.waitFor(isReady);
      const logout = await server.anonymous('POST', '/api/v1/auth/logout', { headers: { Authorization: `Bearer ${ana.token}` } });
      expect(logout.status).toBe(200);
      expect((await client.closed).code).toBe(4401);
    });

    it('closes with 4401 when the access token expires', async () => {
      // The stream's clock runs a token lifetime ahead of the authenticator's: expired on arrival.
      const { baseUrl } = await standalone({ clock: () => new Date(Date.now() + 86_400_000) });
      const ana = await person();
      const client = await connectStream(baseUrl, { accessToken: ana.token });
      await client.waitFor(isReady);
      expect(await client.closed).toEqual({ code: 4401, reason: 'access token expired' });
    });
  });

  it('sends the unread count, then what came after `after`, then live notifications and unread counts — to their recipient only', async () => {
    const ana = await person();
    const bob = await person();
    const first = await ana.notify();
    const second = await ana.notify();
    const anas = await ana.connect(0);
    const bobs = await bob.connect(0);
    await anas.waitFor(isNotification(second));
    expect(anas.messages).toEqual([{ type: 'ready', unread: 2 }, ...[first, second].map((id) => ({ type: 'notification', notification: expect.objectContaining({ id }) }))]);

    const live = await ana.notify();
    const message = await anas.waitFor(isNotification(live));
    expect(message).toEqual({ type: 'notification', notification: { id: live, kind: 'booking.confirmed', subjectId: expect.any(String), data: { actor: 'staff' }, createdAt: expect.any(String), readAt: null } });

    const read = await server.as(ana.id, ['booker'])('POST', `/api/v1/notifications/${first}/read`);
    expect(read.status).toBe(200);
    expect(await anas.waitFor((m) => m.type === 'unread')).toEqual({ type: 'unread', count: 2 });

    // Bob hears of his own notification, and of nothing of Ana's.
    const bobsOwn = await bob.notify();
    await bobs.waitFor(isNotification(bobsOwn));
    expect(bobs.messages).toEqual([{ type: 'ready', unread: 0 }, { type: 'notification', notification: expect.objectContaining({ id: bobsOwn }) }]);
    expect(anas.notificationIds()).toEqual([first, second, live]);
  });

  it('catches up after a reconnect with exactly the missed notifications', async () => {
    const ana = await person();
    const seen = await ana.notify();
    const before = await ana.connect(0);
    await before.waitFor(isNotification(seen));
    await before.close();

    const missed = [await ana.notify(), await ana.notify(), await ana.notify()];
    const after = await ana.connect(seen);
    expect(after.messages[0]).toEqual({ type: 'ready', unread: 4 });
    const sentinel = await ana.notify();
    await after.waitFor(isNotification(sentinel));
    expect(after.notificationIds()).toEqual([...missed, sentinel]);
  });

  it('without `after`, sends only what arrives from now on', async () => {
    const ana = await person();
    await ana.notify();
    const client = await ana.connect();
    const next = await ana.notify();
    await client.waitFor(isNotification(next));
    expect(client.notificationIds()).toEqual([next]);
  });

  it('delivers to a person connected to another replica, never to anyone else there', async () => {
    const ana = await person();
    const bob = await person();
    const onReplica = await ana.connect(undefined, replica);
    const bobOnReplica = await bob.connect(undefined, replica);
    const id = await ana.notify(server.pool);
    await onReplica.waitFor(isNotification(id));

    await server.as(ana.id, ['booker'])('POST', '/api/v1/notifications/read-all');
    expect(await onReplica.waitFor((m) => m.type === 'unread')).toEqual({ type: 'unread', count: 0 });

    const bobsOwn = await bob.notify(server.pool);
    await bobOnReplica.waitFor(isNotification(bobsOwn));
    expect(bobOnReplica.notificationIds()).toEqual([bobsOwn]);
    expect(bobOnReplica.messages.filter((m) => m.type === 'unread')).toEqual([]);
  });

  it('sends a notification that commits after a newer one, once', async () => {
    const ana = await person();
    const client = await ana.connect(0);
    const slow = await server.pool.connect();
    try {
      await slow.query('BEGIN');
      const late = await insertNotification(slow, { recipientId: ana.id });
      const early = await ana.notify();
      await client.waitFor(isNotification(early));
      await slow.query('COMMIT');
      await client.waitFor(isNotification(late));
      const sentinel = await ana.notify();
      await client.waitFor(isNotification(sentinel));
      expect(client.notificationIds()).toEqual([early, late, sentinel]);
    } finally {
      slow.release();
    }
  });

  it('after more than the backlog limit were missed, sends the newest ones and a gap', async () => {
    const { baseUrl } = await standalone({ backlogLimit: 3 });
    const ana = await person();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await ana.notify());
    const client = await connectStream(baseUrl, { accessToken: ana.token, after: 0 });
    open.push(client);
    expect(await client.waitFor((m) => m.type === 'gap')).toEqual({ type: 'gap', before: ids[2] });
    expect(client.messages).toEqual([
      { type: 'ready', unread: 5 },
      ...ids.slice(2).map((id) => ({ type: 'notification', notification: expect.objectContaining({ id }) })),
      { type: 'gap', before: ids[2] },
    ]);
  });

  it('re-reads every connection when LISTEN comes back, so nothing signalled meanwhile is lost', async () => {
    let gate: Promise<void> = Promise.resolve();
    let openGate = () => {};
    const { baseUrl, signals } = await standalone({}, async () => {
      await gate;
      return server.pool.connect();
    });
    const ana = await person();
    const before = await ana.notify();
    const client = await connectStream(baseUrl, { accessToken: ana.token, after: 0 });
    open.push(client);
    await client.waitFor(isNotification(before));

    gate = new Promise((resolve) => (openGate = resolve));
    await server.pool.query('SELECT pg_terminate_backend($1)', [signals.backendPid]);
    const missed = [await ana.notify(), await ana.notify()];
    await server.as(ana.id, ['booker'])('POST', `/api/v1/notifications/${before}/read`);
    openGate();

    await client.waitFor(isNotification(missed[1]!));
    expect(await client.waitFor((m) => m.type === 'unread')).toEqual({ type: 'unread', count: 2 });
    const sentinel = await ana.notify();
    await client.waitFor(isNotification(sentinel));
    expect(client.notificationIds()).toEqual([before, ...missed, sentinel]);
  });

  it('keeps at most 8 connections per person, closing the oldest with 4429', async () => {
    const ana = await person();
    const clients: StreamClient[] = [];
    for (let i = 0; i < 9; i++) clients.push(await ana.connect());
    expect((await clients[0]!.closed).code).toBe(4429);
    const id = await ana.notify();
    for (const client of clients.slice(1)) await client.waitFor(isNotification(id));
  });
});
