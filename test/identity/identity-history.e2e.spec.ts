import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../support/test-server.js';
import { bearer, login, newPerson, registered, type NewPerson } from './identity-test-helpers.js';

interface Entry {
  type: string;
  actor: { id: string; kind: string };
  request: { ip?: string; userAgent?: string } | { erased: true } | null;
  data: Record<string, unknown> & { personal?: Record<string, unknown> };
}

/**
 * GET /users/{id}/history: a person reads their own request data (IP, user agent) but not that
 * of the admins who acted on their account; auditors read both.
 */
describe('identity history: whose request data a reader sees', () => {
  let server: TestServer;
  let admin: Client;
  let auditor: Client;
  const adminId = randomUUID();
  let person: NewPerson;
  let userId: string;
  let asPerson: Client;
  const renamed = `Renamed ${randomUUID().slice(0, 8)}`;

  const history = async (who: Client): Promise<Entry[]> => {
    const res = await who('GET', `/api/v1/users/${userId}/history`);
    expect(res.status).toBe(200);
    return res.body.entries;
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(adminId, ['admin']);
    auditor = server.as(randomUUID(), ['auditor']);
    person = newPerson('Ines');
    // Public routes act as no one until the use case knows the person: registration is the person's own act.
    userId = await registered(server, person);
    expect((await admin('POST', `/api/v1/users/${userId}/roles`, { body: { role: 'booker' }, headers: { 'User-Agent': 'AdminBrowser/1.0' } })).status).toBe(200);
    const tokens = await login(server, person.username, person.password, { 'User-Agent': 'PersonBrowser/2.0' });
    asPerson = (method, path, options = {}) => server.anonymous(method, path, { ...options, headers: { ...bearer(tokens.accessToken), 'User-Agent': 'PersonBrowser/2.0', ...options.headers } });
    expect((await asPerson('PATCH', '/api/v1/users/me', { body: { displayName: renamed } })).status).toBe(200);
  });
  afterAll(() => server?.close());

  it("shows the person their own requests and hides an admin's, with every sealed value opened for the right event", async () => {
    const entries = await history(asPerson);
    const granted = entries.find((e) => e.type === 'UserRoleGranted' && e.data.role === 'booker')!;
    expect(granted.actor).toEqual({ id: adminId, kind: 'user' });
    expect(granted.request).toBeNull();
    expect(JSON.stringify(entries)).not.toContain('AdminBrowser');

    const registeredEntry = entries.find((e) => e.type === 'UserRegistered')!;
    expect(registeredEntry.actor).toEqual({ id: userId, kind: 'user' });
    expect(registeredEntry.data.personal).toMatchObject({ email: person.email, displayName: person.displayName });
    // Events after the hidden one still pair each sealed value with its own event.
    expect(entries.find((e) => e.type === 'UserLoggedIn')!.request).toMatchObject({ userAgent: 'PersonBrowser/2.0' });
    const updated = entries.find((e) => e.type === 'UserProfileUpdated')!;
    expect(updated.data.personal).toMatchObject({ displayName: renamed });
    expect(updated.request).toMatchObject({ userAgent: 'PersonBrowser/2.0' });
  });

  it('shows an auditor every request, the admin’s included', async () => {
    const entries = await history(auditor);
    expect(entries.find((e) => e.type === 'UserRoleGranted' && e.data.role === 'booker')!.request).toMatchObject({ userAgent: 'AdminBrowser/1.0' });
    expect(entries.find((e) => e.type === 'UserProfileUpdated')!.request).toMatchObject({ userAgent: 'PersonBrowser/2.0' });
    expect(entries.find((e) => e.type === 'UserProfileUpdated')!.data.personal).toMatchObject({ displayName: renamed });
  });

  it('made no personal-data key for the anonymous caller of public routes', async () => {
    expect((await server.pool.query(`SELECT 1 FROM identity.person_keys WHERE person_id = 'anonymous'`)).rowCount).toBe(0);
    const { rows } = await server.pool.query(`SELECT count(*) AS n FROM eventstore.events WHERE metadata->'actor'->>'id' = 'anonymous'`);
    expect(Number(rows[0].n)).toBe(0);
  });
});
