import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../support/test-server.js';

describe('changing one profile from two places', () => {
  let server: TestServer;
  let person: Client;
  beforeAll(async () => {
    server = await startTestServer();
    person = server.as(randomUUID(), ['booker']);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps both of two concurrent changes to different fields', async () => {
    await Promise.all([
      person('PATCH', '/api/v1/users/me', { body: { bio: 'Cellist and climber' } }),
      person('PATCH', '/api/v1/users/me', { body: { displayName: 'Ana R.' } }),
      person('PATCH', '/api/v1/users/me', { body: { timeZone: 'Europe/Lisbon' } }),
    ]);
    const me = await person('GET', '/api/v1/users/me');
    expect(me.body).toMatchObject({ bio: 'Cellist and climber', displayName: 'Ana R.', timeZone: 'Europe/Lisbon' });
  });

  it('answers an ETag and refuses a change based on a stale one with 412, changing nothing', async () => {
    const me = await person('GET', '/api/v1/users/me');
    const etag = me.headers.get('etag')!;
    expect(etag).toBe(`"${me.body.revision}"`);
    const first = await person('PATCH', '/api/v1/users/me', { body: { bio: 'first' }, headers: { 'If-Match': etag } });
    expect(first.status).toBe(200);
    const stale = await person('PATCH', '/api/v1/users/me', { body: { bio: 'second' }, headers: { 'If-Match': etag } });
    expect(stale.status).toBe(412);
    expect((await person('GET', '/api/v1/users/me')).body.bio).toBe('first');
  });

  it('appends nothing for a change that changes nothing', async () => {
    const me = await person('GET', '/api/v1/users/me');
    const before = await server.eventCount();
    const same = await person('PATCH', '/api/v1/users/me', { body: { bio: me.body.bio, locale: me.body.locale } });
    expect(same.status).toBe(200);
    expect(same.body.revision).toBe(me.body.revision);
    expect(await server.eventCount()).toBe(before);
  });

  it('bounds notification preferences to the known kinds and channels', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`event.${i}`, { email: true }]));
    const res = await person('PATCH', '/api/v1/users/me', { body: { notificationPreferences: unknown } });
    expect(res.status).toBe(400);
  });
});
