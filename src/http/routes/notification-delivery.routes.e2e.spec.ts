import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVISIONED_PASSWORD, provisionedUsername } from '../../../test/support/provision-user.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';
import { ALL_PERMISSIONS } from '../../identity/domain/permissions.js';
import type { NotificationData } from '../../notifications/domain/notification-data.js';
import type { NotificationKind } from '../../notifications/domain/notification-kinds.js';
import type { DeliveryWorker } from '../../notifications/infrastructure/delivery-worker.js';
import { startPushReceiver, testBrowser, type PushReceiver } from '../../notifications/infrastructure/web-push-receiver.testing.js';
import { SERVICES } from '../../platform/container.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { productionEndpointIssue } from './notification-delivery.routes.js';

const VAPID = { publicKey: 'BAxWR-fQ4aorH9Y015--7S982Zfd6TT5HfkehqZYzjMBRe0KF8z_3gPwh59PKJpWT_Zi68yo9xEsTiLDrCia9Ao', privateKey: '5DzXezlBcy9Qaas1Are7A6AxM2KxvOYe3ZCYGVZTVkw' };
const SUBSCRIPTIONS = '/api/v1/notifications/push/subscriptions';
const FAILED = '/api/v1/notifications/deliveries/failed';

const booking = {
  bookingId: randomUUID(),
  spaceId: 'space-1',
  spaceName: 'Sala Tejo',
  siteId: 'site-1',
  siteName: 'Lisbon HQ',
  siteAddress: 'Rua Augusta 1',
  timeZone: 'Europe/Lisbon',
  start: '2030-05-07T08:00:00Z',
  end: '2030-05-07T09:30:00Z',
  purpose: 'Quarterly review',
};

let server: TestServer;
let pushService: PushReceiver;

beforeAll(async () => {
  server = await startTestServer({ VAPID_PUBLIC_KEY: VAPID.publicKey, VAPID_PRIVATE_KEY: VAPID.privateKey, VAPID_SUBJECT: 'mailto:ops@reserva.test', PUBLIC_URL: 'https://reserva.test' });
  pushService = await startPushReceiver();
});

afterAll(async () => {
  await pushService.close();
  await server?.close();
});

/** An account with a confirmed address, in the given language and zone. */
async function verifiedPerson(locale: string, timeZone: string): Promise<{ userId: string; email: string }> {
  const userId = randomUUID();
  let first = true;
  const ctx: CommandContext = {
    actor: { id: 'test-harness', kind: 'system' },
    permissions: new Set(ALL_PERMISSIONS),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    now: new Date(),
    newId: () => (first ? ((first = false), userId) : randomUUID()),
  };
  const email = `${provisionedUsername(userId)}@example.com`;
  await server.identity.registration.register(
    { email, username: provisionedUsername(userId), displayName: 'Ana <Lima>', password: PROVISIONED_PASSWORD, accountType: 'client', locale, timeZone },
    ctx,
    { emailVerified: true },
  );
  return { userId, email };
}

let sources = 0;
async function notify(recipientId: string, kind: NotificationKind, data: NotificationData, channels: ('email' | 'push')[]): Promise<number> {
  const { rows } = await server.pool.query<{ id: string }>(
    'INSERT INTO notifications.notifications (recipient_id, kind, subject_id, source_id, data, in_app) VALUES ($1, $2, $3, $4, $5, true) RETURNING id',
    [recipientId, kind, booking.bookingId, `e2e-${++sources}`, data],
  );
  const id = Number(rows[0]!.id);
  for (const channel of channels) await server.pool.query('INSERT INTO notifications.deliveries (notification_id, channel) VALUES ($1, $2)', [id, channel]);
  return id;
}

/** The product's own worker, as the container builds it (recipients from identity profiles, SMTP, Web Push). */
async function deliverDue(): Promise<void> {
  await server.runtime.container.get<DeliveryWorker>(SERVICES.DeliveryWorker).runOnce();
  await server.mail.parsed();
}

const storedEndpoints = async () => (await server.pool.query<{ endpoint: string; user_id: string }>('SELECT endpoint, user_id FROM notifications.push_subscriptions ORDER BY endpoint')).rows;

describe('Web Push subscriptions over HTTP', () => {
  it("gives signed-in people the server's VAPID public key", async () => {
    expect((await server.anonymous('GET', '/api/v1/notifications/push/public-key')).status).toBe(401);
    const res = await server.as('pk-reader', ['viewer'])('GET', '/api/v1/notifications/push/public-key');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ publicKey: VAPID.publicKey });
  });

  it('saves a subscription for the caller, moves a shared browser to its new user, and lets only its owner remove it', async () => {
    const ana = server.as('sub-ana', ['booker']);
    const bo = server.as('sub-bo', ['booker']);
    const subscription = { ...testBrowser().subscription('https://push.example.com/send/abc'), expirationTime: null };

    const saved = await ana('POST', SUBSCRIPTIONS, { body: subscription });
    expect(saved.status).toBe(201);
    expect(saved.body).toEqual({ endpoint: subscription.endpoint });
    expect(await ana('POST', SUBSCRIPTIONS, { body: subscription })).toMatchObject({ status: 201 });
    expect(await storedEndpoints()).toContainEqual({ endpoint: subscription.endpoint, user_id: 'sub-ana' });

    // Bo cannot remove Ana's browser…
    expect((await bo('DELETE', SUBSCRIPTIONS, { body: { endpoint: subscription.endpoint } })).status).toBe(404);
    expect(await storedEndpoints()).toContainEqual({ endpoint: subscription.endpoint, user_id: 'sub-ana' });
    // …but once he subscribes from it (he signed in there), it is his.
    expect((await bo('POST', SUBSCRIPTIONS, { body: subscription })).status).toBe(201);
    expect(await storedEndpoints()).toContainEqual({ endpoint: subscription.endpoint, user_id: 'sub-bo' });
    expect((await ana('DELETE', SUBSCRIPTIONS, { body: { endpoint: subscription.endpoint } })).status).toBe(404);

    const removed = await bo('DELETE', SUBSCRIPTIONS, { body: { endpoint: subscription.endpoint } });
    expect(removed).toMatchObject({ status: 200, body: { done: true } });
    expect((await storedEndpoints()).map((r) => r.endpoint)).not.toContain(subscription.endpoint);
    expect((await bo('DELETE', SUBSCRIPTIONS, { body: { endpoint: subscription.endpoint } })).status).toBe(404);
  });

  it('answers bad subscriptions with 400 problem+json naming the field, and stores nothing', async () => {
    const caller = server.as('sub-bad', ['booker']);
    const good = testBrowser().subscription('https://push.example.com/send/good');
    const before = await storedEndpoints();
    const cases: [unknown, string][] = [
      [{ ...good, endpoint: 'not a url' }, 'endpoint'],
      [{ ...good, endpoint: 'http://push.example.com/send/x' }, 'endpoint'],
      [{ ...good, endpoint: 'ftp://push.example.com/x' }, 'endpoint'],
      [{ ...good, endpoint: 'https://user:pw@push.example.com/x' }, 'endpoint'],
      [{ ...good, keys: { ...good.keys, p256dh: good.keys.p256dh.slice(0, 40) } }, 'keys.p256dh'],
      [{ ...good, keys: { ...good.keys, p256dh: Buffer.alloc(65, 1).toString('base64url') } }, 'keys.p256dh'],
      [{ ...good, keys: { p256dh: good.keys.p256dh } }, 'keys.auth'],
      [{ ...good, keys: { ...good.keys, auth: 'not*base64' } }, 'keys.auth'],
      [{ ...good, extra: true }, 'extra'],
      [{ keys: good.keys }, 'endpoint'],
    ];
    for (const [body, field] of cases) {
      const res = await caller('POST', SUBSCRIPTIONS, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field), JSON.stringify(body)).toContain(field);
    }
    expect((await caller('POST', SUBSCRIPTIONS, { rawBody: '{"endpoint":', headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
    expect((await caller('DELETE', SUBSCRIPTIONS, { body: {} })).status).toBe(400);
    expect(await storedEndpoints()).toEqual(before);
    expect((await server.anonymous('POST', SUBSCRIPTIONS, { body: good })).status).toBe(401);
  });

  it('in production takes only https endpoints on public host names', () => {
    expect(productionEndpointIssue('https://fcm.googleapis.com/fcm/send/abc')).toBeNull();
    expect(productionEndpointIssue('https://web.push.apple.com/QG9')).toBeNull();
    expect(productionEndpointIssue('http://127.0.0.1:9000/push')).toBe('must be an https URL');
    for (const host of ['127.0.0.1', '[::1]', '10.0.0.5', 'localhost', 'intranet', 'admin.localhost']) {
      expect(productionEndpointIssue(`https://${host}/push`), host).toBe('must name a public push service');
    }
  });
});

describe('API document', () => {
  it('describes the subscription, key and failure routes in a valid OpenAPI 3.1 document', async () => {
    const doc = (await server.anonymous('GET', '/api/openapi.json')).body;
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    expect(Object.keys(doc.paths[SUBSCRIPTIONS])).toEqual(expect.arrayContaining(['post', 'delete']));
    expect(doc.paths[SUBSCRIPTIONS].delete.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PushUnsubscribeRequest' });
    expect(doc.paths['/api/v1/notifications/push/public-key'].get).toBeDefined();
    expect(doc.paths[FAILED].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/FailedDeliveryPage' });
  });
});

describe('delivery through the product', () => {
  it('emails in the person’s language with the invitation, and pushes to the browser they subscribed over HTTP', async () => {
    const { userId, email } = await verifiedPerson('pt-PT', 'Europe/Lisbon');
    const token = await server.tokenFor(userId, ['client']);
    const browser = testBrowser();
    const endpoint = `${pushService.origin}/push/${userId}`;
    const subscribed = await server.anonymous('POST', SUBSCRIPTIONS, { body: browser.subscription(endpoint), headers: { Authorization: `Bearer ${token}` } });
    expect(subscribed.status).toBe(201);
    const uid = `booking-${booking.bookingId}@reserva`;
    const id = await notify(userId, 'booking.approved', { booking, actor: 'approver', reason: 'Tudo <ok>', invitation: { uid, sequence: 1, method: 'REQUEST', status: 'confirmed' } }, ['email', 'push']);

    await deliverDue();

    const mail = await server.mail.waitForMail((m) => m.subject === 'Reserva aprovada: Sala Tejo');
    expect((mail.to as { value: { address: string }[] }).value[0]!.address).toBe(email);
    expect(mail.text).toContain('Olá Ana <Lima>,');
    expect(mail.text).toContain('A reserva de Sala Tejo foi aprovada por um aprovador.');
    expect(mail.text).toContain('Comentário: Tudo <ok>');
    expect(mail.text).toContain(`https://reserva.test/bookings/${booking.bookingId}`);
    expect(mail.html).toContain('Olá Ana &lt;Lima&gt;,');
    const invitation = mail.attachments.find((a) => a.contentType === 'text/calendar')!.content.toString('utf8');
    expect(invitation).toMatch(/METHOD:REQUEST\r\n/);
    expect(invitation).toContain(`UID:${uid}\r\n`);
    expect(invitation).toMatch(/SEQUENCE:1\r\n/);

    const push = pushService.received.find((r) => r.path === `/push/${userId}`)!;
    expect((await pushService.verifyVapid(push, VAPID.publicKey)).sub).toBe('mailto:ops@reserva.test');
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(push.headers.ttl).toBe('86400');
    expect(JSON.parse(browser.decrypt(push.body))).toMatchObject({ id, title: 'Reserva aprovada: Sala Tejo', url: `https://reserva.test/bookings/${booking.bookingId}` });

    const { rows } = await server.pool.query('SELECT channel, status, attempts FROM notifications.deliveries WHERE notification_id = $1 ORDER BY channel', [id]);
    expect(rows).toEqual([{ channel: 'email', status: 'sent', attempts: 1 }, { channel: 'push', status: 'sent', attempts: 1 }]);
  });

  it('lists permanent failures to admins only, paginated, without addresses', async () => {
    const { userId, email } = await verifiedPerson('en', 'UTC');
    server.mail.refuseNext(email, { code: 550, message: `5.1.1 <${email}>: Recipient address rejected` });
    const pushEndpoint = `${pushService.origin}/push/refuses-${userId}`;
    pushService.answer(`/push/refuses-${userId}`, 403);
    await server.pool.query('INSERT INTO notifications.push_subscriptions (endpoint, user_id, p256dh, auth) VALUES ($1, $2, $3, $4)', [
      pushEndpoint, userId, ...Object.values(testBrowser().subscription(pushEndpoint).keys),
    ]);
    const id = await notify(userId, 'booking.cancelled', { booking, actor: 'staff' }, ['email', 'push']);

    await deliverDue();

    for (const role of ['booker', 'staff', 'auditor']) expect((await server.as(`not-admin-${role}`, [role])('GET', FAILED)).status, role).toBe(403);
    expect((await server.anonymous('GET', FAILED)).status).toBe(401);

    const admin = server.as('delivery-admin', ['admin']);
    const page = await admin('GET', `${FAILED}?limit=50`);
    expect(page.status).toBe(200);
    const mine = page.body.items.filter((item: { notificationId: number }) => item.notificationId === id);
    expect(mine).toEqual([
      expect.objectContaining({ notificationId: id, kind: 'booking.cancelled', channel: expect.any(String), recipientId: userId, attempts: 1, failedAt: expect.any(String), createdAt: expect.any(String) }),
      expect.objectContaining({ notificationId: id, recipientId: userId }),
    ]);
    const byChannel = Object.fromEntries(mine.map((item: { channel: string; error: string }) => [item.channel, item.error]));
    expect(byChannel.email).toMatch(/^.*550.*Recipient address rejected/);
    expect(byChannel.push).toBe('push service answered 403: refused by the test push service');
    expect(JSON.stringify(page.body)).not.toContain(email);

    const first = await admin('GET', `${FAILED}?limit=1&offset=0`);
    expect(first.body).toMatchObject({ limit: 1, offset: 0, total: page.body.total });
    expect(first.body.items).toHaveLength(1);
    expect((await admin('GET', `${FAILED}?limit=0`)).status).toBe(400);
    expect((await admin('GET', `${FAILED}?offset=${page.body.total + 10}`)).body).toMatchObject({ items: [], total: page.body.total });
  });
});
