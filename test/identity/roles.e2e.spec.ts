import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleStream, userStream } from '../../src/identity/domain/identity.events.js';
import { ALL_PERMISSIONS, BUILT_IN_ROLES } from '../../src/identity/domain/permissions.js';
import { officeHours } from '../support/write-side.js';
import { startTestServer, type Client, type TestServer } from '../support/test-server.js';

/**
 * Custom roles and grants through the API: every change takes effect on the holder's very next
 * request, with the same access token (the token names the person, not what they may do).
 */
describe('roles and grants over HTTP', () => {
  let server: TestServer;
  let admin: Client;
  const adminId = randomUUID();
  let siteA: string;
  let siteB: string;

  const bearer = (token: string): Client => (method, path, options = {}) => server.anonymous(method, path, { ...options, headers: { Authorization: `Bearer ${token}`, ...options.headers } });
  /** A signed-in person holding no role at all, and their one token. */
  const nobody = async () => {
    const userId = randomUUID();
    const token = await server.tokenFor(userId, []);
    return { userId, token, call: bearer(token) };
  };
  const grant = (userId: string, role: string, siteIds?: string[]) => admin('POST', `/api/v1/users/${userId}/roles`, { body: { role, ...(siteIds ? { siteIds } : {}) } });
  const readsBookings = async (who: Client) => (await who('GET', '/api/v1/bookings')).status;
  const space = (siteId: string) => ({ siteId, name: 'Room', kind: 'meeting_room', capacity: 2, policy: officeHours });

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(adminId, ['admin']);
    const site = async (name: string) => {
      const res = await admin('POST', '/api/v1/sites', { body: { name, address: '1 Role St', city: 'Testville', latitude: 1, longitude: 1, timeZone: 'UTC', kind: 'hotel' } });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    [siteA, siteB] = await Promise.all([site('A'), site('B')]);
  });
  afterAll(() => server?.close());

  it('publishes the permission catalogue and the built-in roles', async () => {
    const permissions = await admin('GET', '/api/v1/permissions');
    expect(permissions.status).toBe(200);
    expect(permissions.body.items).toEqual([...ALL_PERMISSIONS]);
    const roles = await admin('GET', '/api/v1/roles', { strong: true });
    expect(roles.status).toBe(200);
    const builtIn = roles.body.items.filter((r: { builtIn: boolean }) => r.builtIn);
    expect(builtIn.map((r: { name: string }) => r.name)).toEqual(Object.keys(BUILT_IN_ROLES));
    for (const role of builtIn) expect(role.permissions, role.name).toEqual([...BUILT_IN_ROLES[role.name]!]);
  });

  it('creates a custom role from the catalogue, refusing unknown permissions, built-in names and duplicates', async () => {
    const before = await server.eventCount();
    const refused: [unknown, number[]][] = [
      [{ name: 'night-desk', permissions: ['booking.fly'] }, [400, 422]],
      [{ name: 'night-desk', permissions: [] }, [400, 422]],
      [{ name: 'Night Desk', permissions: ['catalog.read'] }, [400]],
      [{ name: 'admin', permissions: ['catalog.read'] }, [409, 422]],
      [{ name: 'hotelier', permissions: ['booking.read.any'] }, [409, 422]],
    ];
    for (const [body, statuses] of refused) {
      const res = await admin('POST', '/api/v1/roles', { body });
      expect(statuses, JSON.stringify(body)).toContain(res.status);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(await server.eventCount()).toBe(before);

    const created = await admin('POST', '/api/v1/roles', { body: { name: 'night-desk', description: 'Reads every booking at night', permissions: ['catalog.read', 'booking.read.any'] } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: 'night-desk', description: 'Reads every booking at night', permissions: ['booking.read.any', 'catalog.read'], builtIn: false, revision: 0 });
    expect(created.headers.get('location')).toBe('/api/v1/roles/night-desk');
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'night-desk', permissions: ['catalog.read'] } })).status).toBe(409);

    const roles = await admin('GET', '/api/v1/roles', { strong: true });
    expect(roles.body.items).toContainEqual(expect.objectContaining({ name: 'night-desk', builtIn: false, permissions: ['booking.read.any', 'catalog.read'] }));
    const [defined] = await server.store.readStream(roleStream('night-desk'));
    expect(defined).toMatchObject({ type: 'RoleDefined', metadata: { actor: { id: adminId, kind: 'user' } } });
  });

  it('applies a grant, a change and the deletion of a custom role on the holder’s next request, with the same token', async () => {
    await admin('POST', '/api/v1/roles', { body: { name: 'front-desk', permissions: ['catalog.read', 'booking.read.any'] } });
    const user = await nobody();
    expect(await readsBookings(user.call)).toBe(403);

    const granted = await grant(user.userId, 'front-desk');
    expect(granted.status).toBe(200);
    expect(granted.body.roles).toContainEqual({ role: 'front-desk', siteIds: null });
    expect(await readsBookings(user.call)).toBe(200);
    const grantEvent = (await server.store.readStream(userStream(user.userId))).find((e) => e.type === 'UserRoleGranted' && (e.data as { role: string }).role === 'front-desk');
    expect(grantEvent?.metadata.actor).toEqual({ id: adminId, kind: 'user' });

    const narrowed = await admin('PATCH', '/api/v1/roles/front-desk', { body: { permissions: ['catalog.read'] }, headers: { 'If-Match': '"0"' } });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body).toMatchObject({ name: 'front-desk', permissions: ['catalog.read'], revision: 1 });
    expect(await readsBookings(user.call)).toBe(403);
    expect((await admin('PATCH', '/api/v1/roles/front-desk', { body: { permissions: ['booking.read.any'] }, headers: { 'If-Match': '"0"' } })).status).toBe(412);

    expect((await admin('PATCH', '/api/v1/roles/front-desk', { body: { permissions: ['catalog.read', 'booking.read.any'] } })).status).toBe(200);
    expect(await readsBookings(user.call)).toBe(200);

    expect((await admin('DELETE', '/api/v1/roles/front-desk')).status).toBe(200);
    expect(await readsBookings(user.call)).toBe(403);
    const roles = await admin('GET', '/api/v1/roles', { strong: true });
    expect(roles.body.items.map((r: { name: string }) => r.name)).not.toContain('front-desk');
    expect((await admin('PATCH', '/api/v1/roles/front-desk', { body: { permissions: ['catalog.read'] } })).status).toBe(404);
    expect((await admin('DELETE', '/api/v1/roles/front-desk')).status).toBe(404);
    expect((await grant(user.userId, 'front-desk')).status).toBe(404);
    expect((await grant(user.userId, 'no-such-role')).status).toBe(404);
    // A new role under the deleted one's name would hand its permissions to the old holders.
    const reused = await admin('POST', '/api/v1/roles', { body: { name: 'front-desk', permissions: ['booking.read.any'] } });
    expect(reused.status).toBe(409);
    expect(await readsBookings(user.call)).toBe(403);
    // Built-in roles are not the admin's to edit.
    expect([404, 409, 422]).toContain((await admin('PATCH', '/api/v1/roles/admin', { body: { permissions: ['catalog.read'] } })).status);
    expect([404, 409, 422]).toContain((await admin('DELETE', '/api/v1/roles/admin')).status);
  });

  it('applies the revocation of a built-in role on the next request, with the same token', async () => {
    const userId = randomUUID();
    const token = await server.tokenFor(userId, ['manager']);
    const manager = bearer(token);
    expect(await readsBookings(manager)).toBe(200);
    const revoked = await admin('DELETE', `/api/v1/users/${userId}/roles/manager`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.roles.map((g: { role: string }) => g.role)).not.toContain('manager');
    expect(await readsBookings(manager)).toBe(403);
    // Still signed in: the person exists, they just may do less.
    expect((await manager('GET', '/api/v1/users/me')).status).toBe(200);
  });

  it('grants the hotelier role only on named sites, and the hotelier manages only those', async () => {
    const user = await nobody();
    expect((await grant(user.userId, 'hotelier')).status).toBe(422);
    expect((await grant(user.userId, 'hotelier', [])).status).toBe(400);
    const granted = await grant(user.userId, 'hotelier', [siteA]);
    expect(granted.status).toBe(200);
    expect(granted.body.roles).toContainEqual({ role: 'hotelier', siteIds: [siteA] });

    expect((await user.call('POST', '/api/v1/spaces', { body: space(siteA) })).status).toBe(201);
    expect((await user.call('POST', '/api/v1/spaces', { body: space(siteB) })).status).toBe(403);
    expect((await user.call('PATCH', `/api/v1/sites/${siteB}`, { body: { name: 'Taken over' } })).status).toBe(403);
    expect((await user.call('POST', '/api/v1/sites', { body: { name: 'New', address: 'x', city: 'y', latitude: 0, longitude: 0, timeZone: 'UTC', kind: 'hotel' } })).status).toBe(403);

    // Granting again replaces the sites.
    expect((await grant(user.userId, 'hotelier', [siteB])).status).toBe(200);
    expect((await user.call('POST', '/api/v1/spaces', { body: space(siteA) })).status).toBe(403);
    expect((await user.call('POST', '/api/v1/spaces', { body: space(siteB) })).status).toBe(201);
  });

  it('scopes a custom role granted on some sites the same way', async () => {
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'site-builder', permissions: ['catalog.manage'] } })).status).toBe(201);
    const user = await nobody();
    expect((await grant(user.userId, 'site-builder', [siteB])).status).toBe(200);
    expect((await user.call('POST', '/api/v1/spaces', { body: space(siteB) })).status).toBe(201);
    expect((await user.call('POST', '/api/v1/spaces', { body: space(siteA) })).status).toBe(403);
  });

  it('does not let an admin revoke their own admin role; another admin can', async () => {
    const refused = await admin('DELETE', `/api/v1/users/${adminId}/roles/admin`);
    expect(refused.status).toBe(403);
    expect((await admin('GET', '/api/v1/roles')).status).toBe(200);

    const otherId = randomUUID();
    const other = bearer(await server.tokenFor(otherId, ['admin']));
    expect((await other('GET', '/api/v1/roles')).status).toBe(200);
    expect((await admin('DELETE', `/api/v1/users/${otherId}/roles/admin`)).status).toBe(200);
    expect((await other('GET', '/api/v1/roles')).status).toBe(403);
  });

  it('lets nobody grant, revoke or put into a role a permission they do not hold', async () => {
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'people-desk', permissions: ['users.manage', 'users.read', 'catalog.read', 'booking.read.own'] } })).status).toBe(201);
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'role-smith', permissions: ['roles.manage', 'catalog.read'] } })).status).toBe(201);
    const desk = await nobody();
    const smith = await nobody();
    const target = await nobody();
    expect((await grant(desk.userId, 'people-desk')).status).toBe(200);
    expect((await grant(smith.userId, 'role-smith')).status).toBe(200);
    const before = await server.eventCount();

    // users.manage alone does not make its holder an admin.
    const selfAdmin = await desk.call('POST', `/api/v1/users/${desk.userId}/roles`, { body: { role: 'admin' } });
    expect(selfAdmin.status).toBe(403);
    expect(selfAdmin.body.detail).toMatch(/granting admin needs/);
    expect((await desk.call('POST', `/api/v1/users/${target.userId}/roles`, { body: { role: 'booker' } })).status).toBe(403);
    expect((await desk.call('DELETE', `/api/v1/users/${adminId}/roles/admin`)).status).toBe(403);
    // roles.manage alone does not widen the role its holder holds.
    expect((await smith.call('PATCH', '/api/v1/roles/role-smith', { body: { permissions: ['roles.manage', 'catalog.read', 'users.manage'] } })).status).toBe(403);
    expect((await smith.call('POST', '/api/v1/roles', { body: { name: 'smith-made', permissions: ['booking.read.any'] } })).status).toBe(403);
    expect(await server.eventCount()).toBe(before);
    expect((await desk.call('GET', '/api/v1/roles')).status).toBe(200);
    expect((await smith.call('POST', `/api/v1/users/${target.userId}/roles`, { body: { role: 'viewer' } })).status).toBe(403);

    // Within what they hold, they act.
    expect((await desk.call('POST', `/api/v1/users/${target.userId}/roles`, { body: { role: 'viewer' } })).status).toBe(200);
    expect(await readsBookings(target.call)).toBe(200);
    expect((await desk.call('DELETE', `/api/v1/users/${target.userId}/roles/viewer`)).status).toBe(200);
    expect(await readsBookings(target.call)).toBe(403);
    expect((await smith.call('POST', '/api/v1/roles', { body: { name: 'smith-made', permissions: ['catalog.read'] } })).status).toBe(201);
  });

  it('opens no role or people operation to users.read and roles.manage held on one site only', async () => {
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'site-steward', permissions: ['users.read', 'roles.manage', 'catalog.read'] } })).status).toBe(201);
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'standing', permissions: ['catalog.read'] } })).status).toBe(201);
    const steward = await nobody();
    expect((await grant(steward.userId, 'site-steward', [siteA])).status).toBe(200);
    const before = await server.eventCount();
    for (const path of ['/api/v1/users', '/api/v1/roles', '/api/v1/permissions', '/api/v1/roles/standing']) expect((await steward.call('GET', path)).status, path).toBe(403);
    // Nor does it reach anyone's account by id.
    expect((await steward.call('GET', `/api/v1/users/${adminId}`)).status).toBe(404);
    const deleted = await steward.call('DELETE', '/api/v1/roles/standing');
    expect(deleted.status).toBe(403);
    expect(deleted.body.detail).toMatch(/everywhere/);
    expect((await steward.call('PATCH', '/api/v1/roles/standing', { body: { permissions: ['catalog.read', 'users.read'] } })).status).toBe(403);
    expect((await steward.call('POST', '/api/v1/roles', { body: { name: 'by-steward', permissions: ['catalog.read'] } })).status).toBe(403);
    expect(await server.eventCount()).toBe(before);
    expect((await admin('GET', '/api/v1/roles/standing')).status).toBe(200);
  });

  it('changing or deleting a role needs every permission it grants, before and after the change', async () => {
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'people-power', permissions: ['users.manage', 'catalog.read'] } })).status).toBe(201);
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'plain-reader', permissions: ['catalog.read'] } })).status).toBe(201);
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'role-keeper', permissions: ['roles.manage', 'catalog.read'] } })).status).toBe(201);
    const keeper = await nobody();
    expect((await grant(keeper.userId, 'role-keeper')).status).toBe(200);
    const before = await server.eventCount();

    // Narrowing or deleting a role that grants more than the keeper holds would take it from its holders.
    const narrowed = await keeper.call('PATCH', '/api/v1/roles/people-power', { body: { permissions: ['catalog.read'] } });
    expect(narrowed.status).toBe(403);
    expect(narrowed.body.detail).toMatch(/changing people-power needs users\.manage/);
    const deleted = await keeper.call('DELETE', '/api/v1/roles/people-power');
    expect(deleted.status).toBe(403);
    expect(deleted.body.detail).toMatch(/deleting people-power needs users\.manage/);
    expect(await server.eventCount()).toBe(before);
    expect((await admin('GET', '/api/v1/roles/people-power')).body.permissions).toEqual(['catalog.read', 'users.manage']);

    // Within what the keeper holds, it changes and deletes.
    expect((await keeper.call('PATCH', '/api/v1/roles/plain-reader', { body: { permissions: ['catalog.read', 'roles.manage'] } })).status).toBe(200);
    expect((await keeper.call('DELETE', '/api/v1/roles/plain-reader')).status).toBe(200);
  });

  it('refuses revoking your own role when it is what gives you users.manage, whatever the role is called', async () => {
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'people-keeper', permissions: ['users.manage', 'users.read'] } })).status).toBe(201);
    const userId = randomUUID();
    const who = bearer(await server.tokenFor(userId, ['admin', 'people-keeper']));
    // people-keeper still gives them users.manage: dropping admin is fine.
    expect((await who('DELETE', `/api/v1/users/${userId}/roles/admin`)).status).toBe(200);
    const refused = await who('DELETE', `/api/v1/users/${userId}/roles/people-keeper`);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/would take users\.manage from you/);
    expect((await who('GET', '/api/v1/users')).status).toBe(200);
    // Another holder of it can.
    expect((await admin('DELETE', `/api/v1/users/${userId}/roles/people-keeper`)).status).toBe(200);
    expect((await who('GET', '/api/v1/users')).status).toBe(403);
  });

  it('keeps the description of a role when a change leaves it out', async () => {
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'described', description: 'Reads the catalogue', permissions: ['catalog.read'] } })).status).toBe(201);
    const kept = await admin('PATCH', '/api/v1/roles/described', { body: { permissions: ['catalog.read', 'booking.read.own'] } });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ description: 'Reads the catalogue', permissions: ['booking.read.own', 'catalog.read'] });
    const changed = await admin('PATCH', '/api/v1/roles/described', { body: { description: '', permissions: ['catalog.read'] } });
    expect(changed.body).toMatchObject({ description: '', permissions: ['catalog.read'] });
  });

  it('answers GET on the Location of a new role, with its ETag; built-in roles too, without one', async () => {
    const created = await admin('POST', '/api/v1/roles', { body: { name: 'located', description: 'Here', permissions: ['catalog.read'] } });
    expect(created.status).toBe(201);
    const read = await admin('GET', created.headers.get('location')!);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.get('etag')).toBe('"0"');
    expect((await admin('PATCH', '/api/v1/roles/located', { body: { permissions: ['catalog.read', 'booking.read.own'] }, headers: { 'If-Match': read.headers.get('etag')! } })).status).toBe(200);
    expect((await admin('GET', '/api/v1/roles/located')).headers.get('etag')).toBe('"1"');

    const builtIn = await admin('GET', '/api/v1/roles/auditor');
    expect(builtIn.status).toBe(200);
    expect(builtIn.body).toEqual({ name: 'auditor', description: '', permissions: [...BUILT_IN_ROLES.auditor!], builtIn: true, revision: null });
    expect(builtIn.headers.get('etag')).toBeNull();
    expect((await admin('GET', '/api/v1/roles/no-such-role')).status).toBe(404);
    expect((await admin('DELETE', '/api/v1/roles/located')).status).toBe(200);
    expect((await admin('GET', '/api/v1/roles/located')).status).toBe(404);
  });

  it('refuses all role management to everyone but admins', async () => {
    await admin('POST', '/api/v1/roles', { body: { name: 'kept', permissions: ['catalog.read'] } });
    const target = await nobody();
    for (const role of Object.keys(BUILT_IN_ROLES).filter((r) => r !== 'admin')) {
      const userId = randomUUID();
      const who = bearer(await server.tokenFor(userId, [role], role === 'hotelier' ? [siteA] : undefined));
      const attempts: [string, string, unknown?][] = [
        ['POST', '/api/v1/roles', { name: `by-${role}`, permissions: ['catalog.read'] }],
        ['PATCH', '/api/v1/roles/kept', { permissions: ['users.manage'] }],
        ['DELETE', '/api/v1/roles/kept'],
        ['POST', `/api/v1/users/${target.userId}/roles`, { role: 'admin' }],
        ['POST', `/api/v1/users/${userId}/roles`, { role: 'admin' }],
        ['DELETE', `/api/v1/users/${userId}/roles/${role}`],
      ];
      for (const [method, path, body] of attempts) expect((await who(method, path, { body })).status, `${role}: ${method} ${path}`).toBe(403);
      // Reading roles and the catalogue needs users.read or roles.manage.
      const reads = BUILT_IN_ROLES[role]!.some((p) => p === 'users.read' || p === 'roles.manage') ? 200 : 403;
      expect((await who('GET', '/api/v1/roles')).status, role).toBe(reads);
      expect((await who('GET', '/api/v1/permissions')).status, role).toBe(reads);
    }
    const kept = await admin('GET', '/api/v1/roles', { strong: true });
    expect(kept.body.items).toContainEqual(expect.objectContaining({ name: 'kept', permissions: ['catalog.read'] }));
    expect(kept.body.items.map((r: { name: string }) => r.name).filter((n: string) => n.startsWith('by-'))).toEqual([]);
    expect(await readsBookings(target.call)).toBe(403);
  });
});
