import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../../test/support/test-server.js';
import { ALL_PERMISSIONS, BUILT_IN_ROLES } from '../../identity/domain/permissions.js';

/** `permissions` on GET /users/me: what the person may do now, from every grant they hold. */
describe('GET /api/v1/users/me permissions', () => {
  let server: TestServer;
  let admin: Client;
  const siteA = randomUUID();
  const siteB = randomUUID();
  const everywhere = (permissions: readonly string[]) => permissions.map((permission) => ({ permission, siteIds: null }));
  const bearer = (token: string): Client => (method, path, options = {}) => server.anonymous(method, path, { ...options, headers: { Authorization: `Bearer ${token}`, ...options.headers } });

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
  });
  afterAll(() => server?.close());

  it('a booker holds the booker role’s permissions everywhere', async () => {
    const me = await server.as(randomUUID(), ['booker'])('GET', '/api/v1/users/me');
    expect(me.status).toBe(200);
    expect(me.body.permissions).toEqual(everywhere(ALL_PERMISSIONS.filter((p) => BUILT_IN_ROLES.booker!.includes(p))));
  });

  it('an admin holds every permission everywhere', async () => {
    const me = await admin('GET', '/api/v1/users/me');
    expect(me.body.permissions).toEqual(everywhere(ALL_PERMISSIONS));
  });

  it('a hotelier’s permissions hold on their hotels only, and what another grant gives everywhere wins', async () => {
    const userId = randomUUID();
    const hotelier = bearer(await server.tokenFor(userId, ['hotelier'], [siteB, siteA]));
    const onSites = (await hotelier('GET', '/api/v1/users/me')).body.permissions;
    expect(onSites).toEqual(ALL_PERMISSIONS.filter((p) => BUILT_IN_ROLES.hotelier!.includes(p)).map((permission) => ({ permission, siteIds: [siteA, siteB].sort() })));

    expect((await admin('POST', `/api/v1/users/${userId}/roles`, { body: { role: 'viewer' } })).status).toBe(200);
    const merged = (await hotelier('GET', '/api/v1/users/me')).body.permissions;
    expect(merged).toContainEqual({ permission: 'catalog.read', siteIds: null });
    expect(merged).toContainEqual({ permission: 'booking.read.own', siteIds: null });
    expect(merged).toContainEqual({ permission: 'catalog.manage', siteIds: [siteA, siteB].sort() });
    expect(merged.filter((e: { permission: string }) => e.permission === 'catalog.read')).toHaveLength(1);
  });

  it('a custom role counts, and a change to it shows on the very next request', async () => {
    const created = await admin('POST', '/api/v1/roles', { body: { name: 'desk-reader', permissions: ['booking.read.any', 'catalog.read'] } });
    expect(created.status).toBe(201);
    const userId = randomUUID();
    const desk = bearer(await server.tokenFor(userId, []));
    expect((await desk('GET', '/api/v1/users/me')).body.permissions).toEqual([]);
    expect((await admin('POST', `/api/v1/users/${userId}/roles`, { body: { role: 'desk-reader', siteIds: [siteA] } })).status).toBe(200);
    expect((await desk('GET', '/api/v1/users/me')).body.permissions).toEqual([
      { permission: 'catalog.read', siteIds: [siteA] },
      { permission: 'booking.read.any', siteIds: [siteA] },
    ]);
    expect((await admin('PATCH', '/api/v1/roles/desk-reader', { body: { permissions: ['analytics.read'] } })).status).toBe(200);
    const after = await desk('PATCH', '/api/v1/users/me', { body: { bio: 'front desk' } });
    expect(after.status).toBe(200);
    expect(after.body.permissions).toEqual([{ permission: 'analytics.read', siteIds: [siteA] }]);
  });
});
