import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Login attempts for names nobody has, so only the per-address limit can refuse them. */
const attempt = (server: TestServer, forwardedFor: string) =>
  server.anonymous('POST', '/api/v1/auth/token', { body: { login: `nobody-${randomUUID()}`, password: 'whatever-it-is-1' }, headers: { 'X-Forwarded-For': forwardedFor } });

describe('the client address behind a proxy (TRUST_PROXY)', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('limits each client separately when the proxy is trusted', async () => {
    const server = await startTestServer({ TRUST_PROXY: 'loopback', LOGIN_ATTEMPTS_PER_MINUTE: '2' });
    servers.push(server);
    expect((await attempt(server, '198.51.100.7')).status).toBe(401);
    expect((await attempt(server, '198.51.100.7')).status).toBe(401);
    expect((await attempt(server, '198.51.100.7')).status).toBe(429);
    // Another client behind the same proxy has its own allowance.
    expect((await attempt(server, '198.51.100.8')).status).toBe(401);
  });

  it('ignores X-Forwarded-For from untrusted peers, so a client cannot pick a fresh address per attempt', async () => {
    const server = await startTestServer({ LOGIN_ATTEMPTS_PER_MINUTE: '2' });
    servers.push(server);
    expect((await attempt(server, '203.0.113.1')).status).toBe(401);
    expect((await attempt(server, '203.0.113.2')).status).toBe(401);
    expect((await attempt(server, '203.0.113.3')).status).toBe(429);
  });
});
