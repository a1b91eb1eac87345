import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/support/test-server.js';
import type { CommandContext } from '../shared/event-store/envelope.js';
import { DEMO_ORGANISATION } from './demo-organisation.js';
import { DEMO_PASSWORD, seedDemoAccounts } from './seed-demo-accounts.js';

describe('demo accounts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const ctx = (userId: string): CommandContext => ({
      actor: { id: userId, kind: 'user' },
      permissions: new Set(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      now: new Date(),
      newId: randomUUID,
    });
    await seedDemoAccounts(server.identity, DEMO_ORGANISATION, ctx);
  });
  afterAll(async () => {
    await server?.close();
  });

  const login = (login: string) => server.anonymous('POST', '/api/v1/auth/token', { body: { login, password: DEMO_PASSWORD } });

  it('lets every demo person sign in with the demo password and their own roles, without sending email', async () => {
    for (const user of DEMO_ORGANISATION.users) {
      const res = await login(user.email.split('@')[0]!);
      expect(res.status, user.email).toBe(200);
      expect(res.body.userId).toBe(user.userId);
      const me = await server.anonymous('GET', '/api/v1/users/me', { headers: { Authorization: `Bearer ${res.body.accessToken}` } });
      expect(me.body).toMatchObject({ email: user.email, displayName: user.name, emailVerified: true });
      expect(me.body.roles.map((g: { role: string }) => g.role).sort()).toEqual([...user.roles].sort());
    }
    expect(server.mail.messages).toHaveLength(0);
  });

  it('grants the hotelier their own hotel only', async () => {
    const hotelier = DEMO_ORGANISATION.users.find((u) => u.roles.includes('hotelier'))!;
    const res = await login(hotelier.email);
    const me = await server.anonymous('GET', '/api/v1/users/me', { headers: { Authorization: `Bearer ${res.body.accessToken}` } });
    expect(me.body.roles).toEqual([{ role: 'hotelier', siteIds: [hotelier.homeSiteId] }]);
  });
});
