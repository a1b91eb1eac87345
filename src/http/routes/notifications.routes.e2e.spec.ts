import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import { DEFAULT_PREFERENCES } from '../../notifications/domain/notification-kinds.js';
import { insertNotification } from '../../notifications/infrastructure/postgres-inbox.fixtures.js';

const BASE = '/api/v1/notifications';

describe('notifications API', () => {
  let server: TestServer;
  let ana: Client;
  let bob: Client;
  const anaId = randomUUID();
  const bobId = randomUUID();
  /** Ana's notifications, oldest first. */
  const anas: number[] = [];
  let bobs: number;

  beforeAll(async () => {
    server = await startTestServer();
    ana = server.as(anaId, ['booker']);
    bob = server.as(bobId, ['booker']);
    for (let i = 0; i < 5; i++) {
      anas.push(await insertNotification(server.pool, { recipientId: anaId, kind: 'booking.confirmed', data: { actor: 'staff', reason: `n${i}` } }));
      if (i === 2) bobs = await insertNotification(server.pool, { recipientId: bobId });
    }
    // Email-only rows are not in the inbox.
    await insertNotification(server.pool, { recipientId: anaId, kind: 'account.password_changed', inApp: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('inbox', () => {
    it('lists your own notifications newest first, a page at a time with the before cursor', async () => {
      const first = await ana('GET', `${BASE}?limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items.map((n: { id: number }) => n.id)).toEqual([anas[4], anas[3]]);
      expect(first.body.nextBefore).toBe(anas[3]);
      expect(first.body.items[0]).toEqual({ id: anas[4], kind: 'booking.confirmed', subjectId: expect.any(String), data: { actor: 'staff', reason: 'n4' }, createdAt: expect.any(String), readAt: null });

      const second = await ana('GET', `${BASE}?limit=2&before=${first.body.nextBefore}`);
      expect(second.body.items.map((n: { id: number }) => n.id)).toEqual([anas[2], anas[1]]);
      const last = await ana('GET', `${BASE}?limit=2&before=${second.body.nextBefore}`);
      expect(last.body).toEqual({ items: [expect.objectContaining({ id: anas[0] })], nextBefore: null });

      const bobsInbox = await bob('GET', BASE);
      expect(bobsInbox.body.items.map((n: { id: number }) => n.id)).toEqual([bobs]);
    });

    it('marks one read (idempotently), counts and filters unread, and hides other people\'s notifications as missing', async () => {
      expect((await ana('GET', `${BASE}/unread-count`)).body).toEqual({ unread: 5 });

      const marked = await ana('POST', `${BASE}/${anas[1]}/read`);
      expect(marked.status).toBe(200);
      expect(marked.body).toMatchObject({ id: anas[1], readAt: expect.any(String) });
      const again = await ana('POST', `${BASE}/${anas[1]}/read`);
      expect(again.body.readAt).toBe(marked.body.readAt);

      expect((await ana('GET', `${BASE}/unread-count`)).body).toEqual({ unread: 4 });
      const unread = await ana('GET', `${BASE}?unread=true`);
      expect(unread.body.items.map((n: { id: number }) => n.id)).toEqual([anas[4], anas[3], anas[2], anas[0]]);

      const someoneElses = await ana('POST', `${BASE}/${bobs}/read`);
      const missing = await ana('POST', `${BASE}/999999999/read`);
      expect(someoneElses.status).toBe(404);
      expect(someoneElses.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(missing.status).toBe(404);
      expect(someoneElses.body.detail.replace(String(bobs), 'ID')).toBe(missing.body.detail.replace('999999999', 'ID'));
      expect((await bob('GET', `${BASE}/unread-count`)).body).toEqual({ unread: 1 });
    });

    it('marks all read up to what was shown, leaving newer ones unread', async () => {
      const upTo = await ana('POST', `${BASE}/read-all`, { body: { upTo: anas[3] } });
      expect(upTo.status).toBe(200);
      expect(upTo.body).toEqual({ marked: 3, unread: 1 });
      expect((await ana('GET', `${BASE}?unread=true`)).body.items.map((n: { id: number }) => n.id)).toEqual([anas[4]]);

      const all = await ana('POST', `${BASE}/read-all`);
      expect(all.body).toEqual({ marked: 1, unread: 0 });
      expect((await bob('GET', `${BASE}/unread-count`)).body).toEqual({ unread: 1 });
    });

    it('needs a token', async () => {
      for (const [method, path] of [['GET', BASE], ['GET', `${BASE}/unread-count`], ['POST', `${BASE}/${anas[0]}/read`], ['POST', `${BASE}/read-all`], ['GET', `${BASE}/preferences`]] as const) {
        expect((await server.anonymous(method, path)).status).toBe(401);
      }
    });

    it('refuses bad input with 400 and changes nothing', async () => {
      const before = await ana('GET', `${BASE}/unread-count`);
      const id = await insertNotification(server.pool, { recipientId: anaId });
      for (const [method, path, body] of [
        ['GET', `${BASE}?limit=0`],
        ['GET', `${BASE}?limit=abc`],
        ['GET', `${BASE}?before=-1`],
        ['GET', `${BASE}?unread=yes`],
        ['GET', `${BASE}?page=2`],
        ['POST', `${BASE}/abc/read`],
        ['POST', `${BASE}/0/read`],
        ['POST', `${BASE}/read-all`, { upTo: 'all' }],
        ['POST', `${BASE}/read-all`, { everything: true }],
      ] as const) {
        const res = await ana(method, path, body === undefined ? {} : { body });
        expect(res.status, `${method} ${path}`).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      expect((await ana('GET', `${BASE}/unread-count`)).body).toEqual({ unread: before.body.unread + 1 });
      expect((await ana('GET', `${BASE}?unread=true`)).body.items.map((n: { id: number }) => n.id)).toEqual([id]);
    });
  });

  describe('preferences', () => {
    it('shows the defaults merged with the profile, then replaces them through the profile (an event)', async () => {
      const carla = server.as(randomUUID(), ['booker']);
      const initial = await carla('GET', `${BASE}/preferences`);
      expect(initial.status).toBe(200);
      expect(initial.body.preferences).toEqual(DEFAULT_PREFERENCES);
      expect(initial.body.notificationSettings).toEqual({ quietHours: null, reminderLeadMinutes: 30 });
      expect(initial.body.urgentKinds).toContain('booking.cancelled');
      expect(initial.body.mandatory).toContainEqual({ kind: 'account.password_changed', channel: 'email' });
      const etag = initial.headers.get('etag')!;
      expect(etag).toMatch(/^"\d+"$/);

      const wanted = structuredClone(initial.body);
      wanted.preferences['booking.confirmed'].email = false;
      wanted.preferences['booking.reminder'].push = false;
      wanted.notificationSettings = { quietHours: { start: '22:00', end: '07:00' }, reminderLeadMinutes: 60 };
      const events = await server.eventCount();
      const put = await carla('PUT', `${BASE}/preferences`, { body: wanted, headers: { 'If-Match': etag } });
      expect(put.status).toBe(200);
      expect(put.body.preferences).toEqual(wanted.preferences);
      expect(put.body.notificationSettings).toEqual(wanted.notificationSettings);
      expect(await server.eventCount()).toBe(events + 1);
      expect(Number(JSON.parse(put.headers.get('etag')!))).toBe(Number(JSON.parse(etag)) + 1);

      // The profile keeps only what differs from the defaults.
      const profile = await carla('GET', '/api/v1/users/me');
      expect(profile.body.notificationPreferences).toEqual({ 'booking.confirmed': { email: false }, 'booking.reminder': { push: false } });
      expect(profile.body.notificationSettings).toEqual(wanted.notificationSettings);
      expect((await carla('GET', `${BASE}/preferences`)).body).toEqual(put.body);

      // A stale ETag is refused.
      const stale = await carla('PUT', `${BASE}/preferences`, { body: initial.body, headers: { 'If-Match': etag } });
      expect(stale.status).toBe(412);
      expect(await server.eventCount()).toBe(events + 1);

      // Cells left out take the default again.
      const reset = await carla('PUT', `${BASE}/preferences`, { body: { preferences: {}, notificationSettings: wanted.notificationSettings } });
      expect(reset.body.preferences).toEqual(DEFAULT_PREFERENCES);
      expect((await carla('GET', '/api/v1/users/me')).body.notificationPreferences).toEqual({});
    });

    it('refuses unknown kinds and channels, mandatory channels turned off and bad settings with 400, appending nothing', async () => {
      const dan = server.as(randomUUID(), ['booker']);
      const current = (await dan('GET', `${BASE}/preferences`)).body;
      const events = await server.eventCount();
      const settings = current.notificationSettings;
      for (const body of [
        { preferences: { 'booking.teleported': { email: true } }, notificationSettings: settings },
        { preferences: { 'booking.confirmed': { sms: true } }, notificationSettings: settings },
        { preferences: { 'booking.confirmed': { email: 'yes' } }, notificationSettings: settings },
        { preferences: { 'account.password_changed': { email: false } }, notificationSettings: settings },
        { preferences: {}, notificationSettings: { quietHours: { start: '25:00', end: '07:00' }, reminderLeadMinutes: 30 } },
        { preferences: {} },
        { ...current, extra: 1 },
      ]) {
        const res = await dan('PUT', `${BASE}/preferences`, { body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      const badFields = await dan('PUT', `${BASE}/preferences`, { body: { preferences: { 'account.password_changed': { email: false } }, notificationSettings: settings } });
      expect(badFields.body.errors).toContainEqual({ field: 'preferences.account.password_changed.email', message: expect.any(String) });
      expect(await server.eventCount()).toBe(events);
      expect((await dan('GET', `${BASE}/preferences`)).body).toEqual(current);
    });
  });

  it('is in the OpenAPI document, which stays valid', async () => {
    const doc = (await server.anonymous('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([BASE, `${BASE}/unread-count`, `${BASE}/{notificationId}/read`, `${BASE}/read-all`, `${BASE}/preferences`]));
    expect(Object.keys(doc.paths[`${BASE}/preferences`])).toEqual(['get', 'put']);
    expect(doc.paths[BASE].get.description).toContain('/api/v1/notifications/stream');
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
  });
});
