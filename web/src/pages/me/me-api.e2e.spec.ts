import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode, totpStep } from '../../../../src/identity/infrastructure/totp.js';
import { PROVISIONED_PASSWORD } from '../../../../test/support/provision-user.js';
import { startTestServer, type TestServer } from '../../../../test/support/test-server.js';
import { problemOf, signedInClient } from '../../testing/api-clients.js';
import { meApi, type MeApi } from './me-api.js';
import { svgDataUrl } from './TwoFactorSection.js';

const PUBLIC_URL = 'https://reserva.example';

/** The very calls the Me pages make, through the web client's ApiClient, against the real product. */
describe('the Me pages’ API calls, against the real server', () => {
  let server: TestServer;
  let me: MeApi;

  /** A signed-in booker, as the pages' client sees them (bearer token, no refresh). */
  const personApi = async () => meApi(await signedInClient(server, randomUUID(), ['booker']));
  /** A feed URL fetched as a calendar app would: no credentials but the secret in it. */
  const fetchFeed = async (url: string) => {
    expect(url.startsWith(`${PUBLIC_URL}/api/v1/calendar/feeds/`)).toBe(true);
    const res = await fetch(`${server.baseUrl}${url.slice(PUBLIC_URL.length)}`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL }, { messaging: true });
    me = await personApi();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('calendar feed: made, regenerated (a new URL; the old one answers 404), then removed', async () => {
    expect(await me.feedStatus()).toEqual({ exists: false, createdAt: null });
    const first = await me.issueFeed();
    expect(await fetchFeed(first.url)).toMatchObject({ status: 200, type: 'text/calendar; charset=utf-8', text: expect.stringContaining('BEGIN:VCALENDAR') });
    expect(await me.feedStatus()).toEqual({ exists: true, createdAt: first.createdAt });

    const second = await me.issueFeed();
    expect(second.url).not.toBe(first.url);
    expect((await fetchFeed(first.url)).status).toBe(404);
    expect((await fetchFeed(second.url)).status).toBe(200);

    await me.revokeFeed();
    expect((await fetchFeed(second.url)).status).toBe(404);
    expect(await me.feedStatus()).toEqual({ exists: false, createdAt: null });
  });

  it('notification preferences: read with an ETag, saved with If-Match, a stale ETag answers 412', async () => {
    const read = await me.preferences();
    expect(read.etag).toMatch(/^"\d+"$/);
    expect(read.view.preferences['booking.confirmed'].push).toBe(false);
    expect(read.view.mandatory).toContainEqual({ kind: 'account.password_changed', channel: 'email' });

    const preferences = { ...read.view.preferences, 'booking.confirmed': { in_app: true, email: false, push: true } };
    const saved = await me.savePreferences({ preferences, notificationSettings: read.view.notificationSettings }, read.etag);
    expect(saved.etag).not.toBe(read.etag);
    expect(saved.view.preferences['booking.confirmed']).toEqual({ in_app: true, email: false, push: true });

    const stale = await problemOf(me.savePreferences({ preferences: read.view.preferences, notificationSettings: read.view.notificationSettings }, read.etag));
    expect(stale.status).toBe(412);
    expect((await me.preferences()).view.preferences['booking.confirmed']).toEqual({ in_app: true, email: false, push: true });
  });

  it('profile: only the changed fields with If-Match of the revision; a stale revision answers 412', async () => {
    const profile = await me.profile();
    const saved = await me.updateProfile(
      { displayName: 'Sofia M.', locale: 'pt', timeZone: 'America/Sao_Paulo', notificationSettings: { quietHours: { start: '22:00', end: '07:00' }, reminderLeadMinutes: 60 } },
      profile.revision,
    );
    expect(saved).toMatchObject({ displayName: 'Sofia M.', locale: 'pt', timeZone: 'America/Sao_Paulo', notificationSettings: { quietHours: { start: '22:00', end: '07:00' }, reminderLeadMinutes: 60 } });
    expect(saved.revision).toBeGreaterThan(profile.revision);
    expect((await problemOf(me.updateProfile({ bio: 'late' }, profile.revision))).status).toBe(412);
    const field = await problemOf(me.updateProfile({ photoUrl: 'javascript:alert(1)' }, saved.revision));
    expect(field.problem.errors?.[0]?.field).toBe('photoUrl');
  });

  it('two-factor: begin (a wrong password names the field; the right one gives an SVG QR code), confirm, then turn off with a recovery code', async () => {
    const wrong = await problemOf(me.beginTwoFactor('not my password'));
    expect(wrong.problem.errors?.map((e) => e.field)).toEqual(['password']);

    const setup = await me.beginTwoFactor(PROVISIONED_PASSWORD);
    expect(setup.qrCodeSvg).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s>]/);
    expect(setup.otpauthUri).toContain(`secret=${setup.secret}`);
    expect(decodeURIComponent(svgDataUrl(setup.qrCodeSvg).replace('data:image/svg+xml;charset=utf-8,', ''))).toBe(setup.qrCodeSvg);

    const { recoveryCodes } = await me.confirmTwoFactor(totpCode(setup.secret, totpStep(new Date())));
    expect(recoveryCodes).toHaveLength(10);
    expect((await me.profile()).twoFactorEnabled).toBe(true);

    await me.disableTwoFactor({ password: PROVISIONED_PASSWORD, recoveryCode: recoveryCodes[0]! });
    expect((await me.profile()).twoFactorEnabled).toBe(false);
  });

  it('inbox: the two-factor notices arrive; one is marked read, then all up to the newest shown', async () => {
    let page = await me.notifications({ limit: 50 });
    for (let attempt = 0; page.items.filter((n) => n.kind === 'account.two_factor_changed').length < 2; attempt++) {
      if (attempt === 200) throw new Error(`the notices never arrived: ${JSON.stringify(page.items.map((n) => n.kind))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = await me.notifications({ limit: 50 });
    }
    const [disabled, enabled] = page.items.filter((n) => n.kind === 'account.two_factor_changed');
    expect([disabled!.data.twoFactor, enabled!.data.twoFactor]).toEqual(['disabled', 'enabled']);
    const unread = (await me.notifications({ unread: true, limit: 50 })).items;
    expect(unread.map((n) => n.id)).toContain(enabled!.id);

    const read = await me.markRead(enabled!.id);
    expect(read.readAt).not.toBeNull();
    expect((await me.notifications({ unread: true, limit: 50 })).items.map((n) => n.id)).not.toContain(enabled!.id);

    const onePage = await me.notifications({ limit: 1 });
    expect(onePage.nextBefore).toBe(onePage.items[0]!.id);
    expect((await me.notifications({ before: onePage.nextBefore!, limit: 50 })).items.every((n) => n.id < onePage.nextBefore!)).toBe(true);

    const newest = Math.max(...page.items.map((n) => n.id));
    expect(await me.markAllRead(newest)).toEqual({ marked: unread.length - 1, unread: 0 });
  });

  it('web push: the public key, then a browser subscription saved and removed (a second removal is 404)', async () => {
    const { publicKey } = await me.pushPublicKey();
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    const endpoint = `https://push.example.net/send/${randomUUID()}`;
    const keys = { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'), auth: Buffer.alloc(16, 9).toString('base64url') };
    await me.savePushSubscription({ endpoint, expirationTime: null, keys });
    await me.removePushSubscription(endpoint);
    expect((await problemOf(me.removePushSubscription(endpoint))).status).toBe(404);
  });

  it('Google Calendar on a server without an OAuth client: the status says unavailable (the page shows a calm note), connecting is 503', async () => {
    expect(await me.googleConnection()).toEqual({ available: false, connected: false, calendarId: null });
    const problem = await problemOf(me.connectGoogle());
    expect([problem.status, problem.kind]).toEqual([503, 'google-calendar-not-configured']);
  });
});
