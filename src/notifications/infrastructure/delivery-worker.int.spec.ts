import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../../../test/support/smtp-test-server.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { createJsonLogger } from '../../platform/logger.js';
import { SmtpMailer } from '../../shared/mail/smtp-mailer.js';
import type { NotificationData } from '../domain/notification-data.js';
import type { NotificationKind } from '../domain/notification-kinds.js';
import type { RecipientContact, Recipients } from '../application/delivery-ports.js';
import type { RetryPolicy } from '../application/delivery-policy.js';
import { DeliveryService } from '../application/delivery-service.js';
import { DeliveryWorker } from './delivery-worker.js';
import { PostgresFailedDeliveries } from './delivery-worker-failures.js';
import { ensureNotificationsSchema } from './notifications-schema.js';
import { vapidKeys } from './web-push-keys.js';
import { startPushReceiver, testBrowser, type PushReceiver } from './web-push-receiver.testing.js';
import { WebPushService } from './web-push-service.js';
import { PostgresPushSubscriptions } from './web-push-subscriptions.js';

const VAPID = { publicKey: 'BAxWR-fQ4aorH9Y015--7S982Zfd6TT5HfkehqZYzjMBRe0KF8z_3gPwh59PKJpWT_Zi68yo9xEsTiLDrCia9Ao', privateKey: '5DzXezlBcy9Qaas1Are7A6AxM2KxvOYe3ZCYGVZTVkw' };
const RETRY: RetryPolicy = { baseDelayMs: 60_000, maxDelayMs: 600_000, maxAttempts: 4 };
const silent = createJsonLogger({ level: 'silent' });

const booking = {
  bookingId: 'a1b2c3d4-0000-4000-8000-000000000001',
  spaceId: 'space-1',
  spaceName: 'Sala Tejo',
  siteId: 'site-1',
  siteName: 'Lisbon HQ',
  siteAddress: 'Rua Augusta 1',
  timeZone: 'Europe/Lisbon',
  start: '2030-05-07T08:00:00Z',
  end: '2030-05-07T09:30:00Z',
  purpose: 'Quarterly <review> & plans',
};

let db: TestDatabase;
let pool: pg.Pool;
let smtp: SmtpTestServer;
let pushService: PushReceiver;
let mailer: SmtpMailer;
/** The worker's clock: tests move it, so backoff needs no waiting. */
let now: Date;
const people = new Map<string, RecipientContact>();
/** The identity context's answer, as a port: unknown ids are erased people. */
const recipients: Recipients = { contactOf: async (userId) => people.get(userId) ?? null };

function person(userId: string, locale: string, timeZone: string, overrides: Partial<RecipientContact> = {}): string {
  people.set(userId, { email: `${userId}@example.com`, emailVerified: true, displayName: `Person ${userId}`, locale, timeZone, ...overrides });
  return `${userId}@example.com`;
}

function workerOn(on: pg.Pool, options: { retry?: RetryPolicy; concurrency?: number; pollIntervalMs?: number } = {}): DeliveryWorker {
  const service = new DeliveryService({
    recipients,
    mailer,
    push: new WebPushService({ keys: vapidKeys({ configured: VAPID, subject: 'mailto:ops@reserva.test', dataDir: '/nonexistent' }) }),
    subscriptions: new PostgresPushSubscriptions(on),
    settings: { publicUrl: 'https://reserva.test', organizer: { email: 'no-reply@reserva.test', name: 'Reserva' }, retry: options.retry ?? RETRY, pushTtlSeconds: 3600 },
  });
  return new DeliveryWorker({ pool: on, deliver: (job, at) => service.deliver(job, at), clock: () => now, log: silent, concurrency: options.concurrency, pollIntervalMs: options.pollIntervalMs });
}

/** One pass of the worker, and the SMTP server's parsing of what it sent. */
async function run(worker: DeliveryWorker): Promise<number> {
  const handled = await worker.runOnce();
  await smtp.parsed();
  return handled;
}

let sources = 0;
async function notify(recipientId: string, kind: NotificationKind, data: NotificationData, channels: ('email' | 'push')[] = ['email']): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(
    'INSERT INTO notifications.notifications (recipient_id, kind, subject_id, source_id, data, in_app) VALUES ($1, $2, $3, $4, $5, true) RETURNING id',
    [recipientId, kind, data.booking?.bookingId ?? recipientId, `event-${++sources}`, data],
  );
  const id = Number(rows[0]!.id);
  for (const channel of channels) await pool.query('INSERT INTO notifications.deliveries (notification_id, channel, not_before) VALUES ($1, $2, $3)', [id, channel, now]);
  return id;
}

async function delivery(id: number, channel: 'email' | 'push' = 'email') {
  const { rows } = await pool.query<{ status: string; attempts: number; not_before: Date; last_error: string | null; sent_at: Date | null }>(
    'SELECT status, attempts, not_before, last_error, sent_at FROM notifications.deliveries WHERE notification_id = $1 AND channel = $2',
    [id, channel],
  );
  return rows[0]!;
}

/** Intl writes narrow, thin and no-break spaces into dates; compare with plain ones. */
const plain = (text: string | undefined) => (text ?? '').replace(/[\u202f\u2009\u00a0]/g, ' ');
const mailsTo = (address: string) => smtp.messages.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.value.some((v) => v.address === address)));
const toAddress = (address: string) => (m: ParsedMail) => mailsTo(address).includes(m);

beforeAll(async () => {
  db = await createTestDatabase('deliveries');
  pool = new pg.Pool({ connectionString: db.url, max: 12 });
  await ensureNotificationsSchema(pool);
  smtp = await startSmtpTestServer();
  pushService = await startPushReceiver();
  mailer = new SmtpMailer({ url: smtp.url, from: 'Reserva <no-reply@reserva.test>' });
});

afterAll(async () => {
  mailer.close();
  await pushService.close();
  await smtp.close();
  await pool.end();
  await db.drop();
});

beforeEach(async () => {
  now = new Date();
  // Earlier tests' leftovers must not be claimed by this one's worker.
  await pool.query("UPDATE notifications.deliveries SET status = 'skipped' WHERE status = 'pending'");
});

describe('DeliveryWorker: email', () => {
  it("emails each notification in the recipient's language and zones, with text, HTML and the iTIP invitation", async () => {
    const en = person('ana', 'en-GB', 'Europe/Lisbon');
    const pt = person('bia', 'pt-BR', 'America/Sao_Paulo');
    const ru = person('ivan', 'ru-RU', 'Europe/Moscow');
    const uid = `booking-${booking.bookingId}@reserva`;
    const confirmed = { booking, invitation: { uid, sequence: 1, method: 'REQUEST', status: 'confirmed' } } satisfies NotificationData;
    const cancelled = { booking, actor: 'staff', reason: 'Water <leak>', invitation: { uid, sequence: 2, method: 'CANCEL', status: 'cancelled' } } satisfies NotificationData;
    const ids = [await notify('ana', 'booking.confirmed', confirmed), await notify('bia', 'booking.confirmed', confirmed), await notify('ivan', 'booking.cancelled', cancelled)];

    expect(await run(workerOn(pool))).toBe(3);

    for (const id of ids) expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null, sent_at: now });

    const [english] = mailsTo(en);
    expect(english!.subject).toBe('Booking confirmed: Sala Tejo');
    expect(english!.from?.value).toEqual([{ address: 'no-reply@reserva.test', name: 'Reserva' }]);
    expect(english!.text).toContain('Hello Person ana,');
    expect(english!.text).toContain('Purpose: Quarterly <review> & plans');
    expect(english!.text).not.toContain('Your time');
    expect(english!.html).toContain('<html lang="en">');
    expect(english!.html).toContain('Quarterly &lt;review&gt; &amp; plans');

    const [portuguese] = mailsTo(pt);
    expect(portuguese!.subject).toBe('Reserva confirmada: Sala Tejo');
    expect(portuguese!.text).toContain('Olá Person bia,');
    // São Paulo reads the Lisbon booking three hours earlier, in pt-BR's own date style.
    expect(plain(portuguese!.text)).toContain('Na sua hora: ter., 7 de mai. de 2030 05:00 – 06:30 (America/Sao_Paulo)');
    expect(portuguese!.html).toContain('<html lang="pt">');

    const [russian] = mailsTo(ru);
    expect(russian!.subject).toBe('Бронирование отменено: «Sala Tejo»');
    expect(russian!.text).toContain('Бронирование «Sala Tejo» отменено сотрудником.');
    expect(russian!.text).toContain('Причина: Water <leak>');
    expect(plain(russian!.text)).toContain('По вашему времени: вт, 7 мая 2030 г., 11:00–12:30 (Europe/Moscow)');
    expect(russian!.html).toContain('Water &lt;leak&gt;');

    for (const [mail, method, sequence] of [[english!, 'REQUEST', 1], [portuguese!, 'REQUEST', 1], [russian!, 'CANCEL', 2]] as const) {
      const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
      expect(part?.headers.get('content-type')).toMatchObject({ params: { method } });
      const calendar = new ICAL.Component(ICAL.parse(part!.content.toString('utf8')));
      expect(calendar.getFirstPropertyValue('method')).toBe(method);
      const event = calendar.getFirstSubcomponent('vevent')!;
      expect(event.getFirstPropertyValue('uid')).toBe(uid);
      expect(event.getFirstPropertyValue('sequence')).toBe(sequence);
      expect(event.getFirstPropertyValue('organizer')).toBe('mailto:no-reply@reserva.test');
      expect(event.getFirstPropertyValue('attendee')).toBe(`mailto:${(mail.to as { value: { address: string }[] }).value[0]!.address}`);
      expect(mail.attachments.find((a) => a.filename === 'invite.ics')?.content.toString('utf8')).toBe(part!.content.toString('utf8'));
    }
  });

  it('sends no invitation with notifications that carry none', async () => {
    const address = person('noinvite', 'en', 'UTC');
    await notify('noinvite', 'account.password_changed', { passwordChangedVia: 'change' });
    await run(workerOn(pool));
    const [mail] = mailsTo(address);
    expect(mail!.subject).toBe('Your Reserva password was changed');
    expect(mail!.attachments).toEqual([]);
  });

  it('retries a transient SMTP refusal (451) with exponential backoff, then sends it once', async () => {
    const address = person('greylisted', 'en', 'UTC');
    smtp.refuseNext(address, { code: 451, message: `4.7.1 <${address}> greylisted, try again later` }, 2);
    const id = await notify('greylisted', 'booking.confirmed', { booking });
    const worker = workerOn(pool);
    const start = now.getTime();

    await run(worker);
    const first = await delivery(id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1 });
    expect(first.not_before.getTime()).toBe(start + 60_000);
    expect(first.last_error).toMatch(/451/);
    expect(first.last_error).not.toContain(address);
    expect(first.last_error).toContain('<recipient>');

    // Not due yet: nothing to do.
    expect(await run(worker)).toBe(0);

    now = new Date(start + 60_000);
    await run(worker);
    expect((await delivery(id)).not_before.getTime()).toBe(start + 60_000 + 120_000);

    now = new Date(start + 180_000);
    await run(worker);
    expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(smtp.refused.filter((r) => r.to.includes(address)).map((r) => r.code)).toEqual([451, 451]);
    expect(mailsTo(address)).toHaveLength(1);
    expect(await run(worker)).toBe(0);
  });

  it('records a permanent refusal (550) as failed, for admins, without the address', async () => {
    const address = person('nobody', 'en', 'UTC');
    smtp.refuseNext(address, { code: 550, message: `5.1.1 <${address}>: Recipient address rejected: User unknown` });
    const id = await notify('nobody', 'booking.cancelled', { booking });
    await run(workerOn(pool));

    const row = await delivery(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toMatch(/550/);
    expect(row.last_error).not.toContain(address);
    expect(mailsTo(address)).toEqual([]);

    const failures = await new PostgresFailedDeliveries(pool).list({ limit: 50, offset: 0 });
    expect(failures.items).toContainEqual(expect.objectContaining({ notificationId: id, kind: 'booking.cancelled', channel: 'email', recipientId: 'nobody', attempts: 1, error: row.last_error }));
    expect(JSON.stringify(failures)).not.toContain(address);
  });

  it('gives up on a transient failure after the last attempt', async () => {
    const address = person('alwaysbusy', 'en', 'UTC');
    smtp.refuseNext(address, { code: 452, message: '4.2.2 mailbox full' }, 10);
    const id = await notify('alwaysbusy', 'booking.confirmed', { booking });
    const worker = workerOn(pool, { retry: { baseDelayMs: 1_000, maxDelayMs: 1_000, maxAttempts: 3 } });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await run(worker);
      now = new Date(now.getTime() + 1_000);
    }
    const row = await delivery(id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row.last_error).toMatch(/^gave up after 3 attempts: .*452/);
    expect(await run(worker)).toBe(0);
  });

  it('skips people who are erased or unknown, and addresses nobody confirmed', async () => {
    const unverified = person('unverified', 'en', 'UTC', { emailVerified: false });
    const erased = await notify('erased-person', 'booking.confirmed', { booking }, ['email', 'push']);
    const unconfirmed = await notify('unverified', 'booking.confirmed', { booking });
    await run(workerOn(pool));
    expect(await delivery(erased, 'email')).toMatchObject({ status: 'skipped', attempts: 0, last_error: 'recipient unknown or erased' });
    expect(await delivery(erased, 'push')).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(await delivery(unconfirmed)).toMatchObject({ status: 'skipped', last_error: 'no verified email address' });
    expect(mailsTo(unverified)).toEqual([]);
  });

  it('sends each delivery once when two workers on separate pools race for them', async () => {
    const addresses = Array.from({ length: 24 }, (_, i) => person(`racer${i}`, 'en', 'UTC'));
    const ids = await Promise.all(addresses.map((_, i) => notify(`racer${i}`, 'booking.confirmed', { booking: { ...booking, spaceName: `Room ${i}` } })));
    const otherPool = new pg.Pool({ connectionString: db.url, max: 6 });
    try {
      const handled = await Promise.all([workerOn(pool, { concurrency: 4 }).runOnce(), workerOn(otherPool, { concurrency: 4 }).runOnce()]);
      await smtp.parsed();
      expect(handled[0] + handled[1]).toBe(24);
    } finally {
      await otherPool.end();
    }
    for (const id of ids) expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 1 });
    for (const [i, address] of addresses.entries()) expect(mailsTo(address).map((m) => m.subject)).toEqual([`Booking confirmed: Room ${i}`]);
  });

  it('wakes up on reserva_deliveries when a delivery is added, once started', async () => {
    const address = person('listener', 'ru', 'UTC');
    // A poll interval far beyond the wait: only the signal can wake it.
    const worker = workerOn(pool, { pollIntervalMs: 3_600_000 });
    await worker.start();
    try {
      const id = await notify('listener', 'booking.reminder', { booking, reminder: { leadMinutes: 15 } });
      const mail = await smtp.waitForMail(toAddress(address));
      expect(mail.subject).toMatch(/^Напоминание: «Sala Tejo»/);
      expect(mail.text).toContain('начнётся через 15 минут');
      await expect.poll(async () => (await delivery(id)).status).toBe('sent');
    } finally {
      await worker.stop();
    }
  });
});

describe('DeliveryWorker: Web Push', () => {
  it('sends an encrypted, VAPID-signed push that the browser decrypts to the notification', async () => {
    person('pushy', 'pt-PT', 'Europe/Lisbon');
    const browser = testBrowser();
    const endpoint = `${pushService.origin}/push/pushy-1`;
    await new PostgresPushSubscriptions(pool).save('pushy', browser.subscription(endpoint), now);
    const id = await notify('pushy', 'booking.cancelled', { booking, actor: 'approver' }, ['push']);

    await run(workerOn(pool));

    expect(await delivery(id, 'push')).toMatchObject({ status: 'sent', attempts: 1 });
    const push = pushService.received.find((r) => r.path === '/push/pushy-1')!;
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(push.headers.ttl).toBe('3600');
    expect(push.headers.urgency).toBe('high');
    expect(push.headers.topic).toBe(`n${id}`);
    const claims = await pushService.verifyVapid(push, VAPID.publicKey);
    expect(claims.aud).toBe(pushService.origin);
    expect(claims.sub).toBe('mailto:ops@reserva.test');
    expect(claims.exp! * 1000).toBeGreaterThan(Date.now());
    expect(JSON.parse(browser.decrypt(push.body))).toEqual({
      id,
      kind: 'booking.cancelled',
      title: 'Reserva cancelada: Sala Tejo',
      body: 'A reserva de Sala Tejo foi cancelada por um aprovador.',
      url: `https://reserva.test/bookings/${booking.bookingId}`,
    });
  });

  it('forgets a subscription the push service says is gone (410), and still reaches the others', async () => {
    person('twobrowsers', 'en', 'UTC');
    const subscriptions = new PostgresPushSubscriptions(pool);
    const gone = `${pushService.origin}/push/gone-1`;
    const alive = `${pushService.origin}/push/alive-1`;
    pushService.answer('/push/gone-1', 410);
    await subscriptions.save('twobrowsers', testBrowser().subscription(gone), now);
    await subscriptions.save('twobrowsers', testBrowser().subscription(alive), now);
    const id = await notify('twobrowsers', 'booking.disrupted', { booking, disruption: { cause: 'resource_retired', resourceName: 'Projector' } }, ['push']);

    await run(workerOn(pool));

    expect(await delivery(id, 'push')).toMatchObject({ status: 'sent' });
    expect((await subscriptions.of('twobrowsers')).map((s) => s.endpoint)).toEqual([alive]);
  });

  it('skips push when the only subscription is gone, and when there is none', async () => {
    person('onlygone', 'en', 'UTC');
    person('nosubs', 'en', 'UTC');
    const subscriptions = new PostgresPushSubscriptions(pool);
    pushService.answer('/push/gone-2', 404);
    await subscriptions.save('onlygone', testBrowser().subscription(`${pushService.origin}/push/gone-2`), now);
    const gone = await notify('onlygone', 'booking.cancelled', { booking }, ['push']);
    const none = await notify('nosubs', 'booking.cancelled', { booking }, ['push']);

    await run(workerOn(pool));

    expect(await delivery(gone, 'push')).toMatchObject({ status: 'skipped', last_error: 'every push subscription has expired' });
    expect(await subscriptions.of('onlygone')).toEqual([]);
    expect(await delivery(none, 'push')).toMatchObject({ status: 'skipped', last_error: 'no push subscription' });
  });

  it('retries a push service that is down (503) and fails one that refuses (400)', async () => {
    person('pushdown', 'en', 'UTC');
    person('pushrefused', 'en', 'UTC');
    const subscriptions = new PostgresPushSubscriptions(pool);
    pushService.answer('/push/down', 503);
    pushService.answer('/push/refused', 400);
    await subscriptions.save('pushdown', testBrowser().subscription(`${pushService.origin}/push/down`), now);
    await subscriptions.save('pushrefused', testBrowser().subscription(`${pushService.origin}/push/refused`), now);
    const down = await notify('pushdown', 'booking.cancelled', { booking }, ['push']);
    const refused = await notify('pushrefused', 'booking.cancelled', { booking }, ['push']);

    await run(workerOn(pool));

    expect(await delivery(down, 'push')).toMatchObject({ status: 'pending', attempts: 1, last_error: 'push service answered 503: refused by the test push service' });
    expect(await delivery(refused, 'push')).toMatchObject({ status: 'failed', attempts: 1, last_error: 'push service answered 400: refused by the test push service' });
    expect((await subscriptions.of('pushdown')).length).toBe(1);
  });
});
