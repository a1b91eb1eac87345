import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVISIONED_PASSWORD } from '../support/provision-user.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Idempotency-Key stores the request's fingerprint and the whole answer for a day: routes with
 * passwords in the request or secrets (TOTP seed, recovery codes, tokens) in the answer ignore it.
 */
describe('Idempotency-Key on routes that carry secrets', () => {
  let server: TestServer;
  const userId = randomUUID();
  const storedFor = async (actorId: string) => Number((await server.pool.query('SELECT count(*) AS n FROM http.idempotency_keys WHERE actor_id = $1', [actorId])).rows[0].n);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('stores nothing for two-factor set-up, and does not replay it', async () => {
    const call = server.as(userId, ['client']);
    const key = randomUUID();
    const first = await call('POST', '/api/v1/users/me/two-factor', { body: { password: PROVISIONED_PASSWORD }, headers: { 'Idempotency-Key': key } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.secret).toEqual(expect.any(String));
    expect(await storedFor(userId)).toBe(0);
    const { rows } = await server.pool.query('SELECT body FROM http.idempotency_keys');
    for (const row of rows) expect(String(row.body)).not.toContain(first.body.secret);
    // The key is ignored, not honoured: a retry runs again (a fresh secret), it is no replay.
    const again = await call('POST', '/api/v1/users/me/two-factor', { body: { password: PROVISIONED_PASSWORD }, headers: { 'Idempotency-Key': key } });
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.secret).not.toBe(first.body.secret);
    // Even a malformed key is no error there.
    expect((await call('POST', '/api/v1/users/me/two-factor/confirm', { body: { code: '000000' }, headers: { 'Idempotency-Key': 'has spaces in it' } })).status).not.toBe(400);
    expect(await storedFor(userId)).toBe(0);
  });

  it('still stores the answers of ordinary POSTs', async () => {
    const adminId = randomUUID();
    const admin = server.as(adminId, ['admin']);
    const key = randomUUID();
    const body = { name: `keyed-${randomUUID().slice(0, 8)}`, permissions: ['catalog.read'] };
    expect((await admin('POST', '/api/v1/roles', { body, headers: { 'Idempotency-Key': key } })).status).toBe(201);
    const replay = await admin('POST', '/api/v1/roles', { body, headers: { 'Idempotency-Key': key } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await storedFor(adminId)).toBe(1);
  });

  it('documents which operations take an Idempotency-Key', async () => {
    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    const takesKey = (path: string) => ((doc.paths[path].post.parameters ?? []) as { name: string }[]).some((p) => p.name === 'Idempotency-Key');
    for (const path of ['/api/v1/users/me/two-factor', '/api/v1/users/me/two-factor/confirm', '/api/v1/users/me/two-factor/disable', '/api/v1/users/me/password', '/api/v1/auth/logout', '/api/v1/auth/token']) {
      expect(takesKey(path), path).toBe(false);
    }
    for (const path of ['/api/v1/bookings', '/api/v1/roles', '/api/v1/users/me/verification-email']) expect(takesKey(path), path).toBe(true);
  });
});
