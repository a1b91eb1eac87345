import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { newPerson, register } from './identity-test-helpers.js';

/** A credentials row as a registration leaves it when it dies before recording the account. */
async function leftBehind(server: TestServer, email: string, username: string, minutesAgo: number): Promise<void> {
  await server.pool.query(`INSERT INTO identity.accounts (user_id, email, username, password_hash, created_at) VALUES ($1, $2, $3, 'x', now() - make_interval(mins => $4))`, [
    randomUUID(),
    email,
    username,
    minutesAgo,
  ]);
}

describe('a registration that died half-way', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('frees its email and username once it is clearly abandoned', async () => {
    const person = newPerson('Abe');
    await leftBehind(server, person.email, `other-${Date.now()}`, 60);
    expect((await register(server, person)).status).toBe(201);
    const other = newPerson('Ada');
    await leftBehind(server, `elsewhere-${Date.now()}@example.com`, other.username, 60);
    expect((await register(server, other)).status).toBe(201);
  });

  it('keeps them while that registration may still be finishing', async () => {
    const person = newPerson('Bea');
    await leftBehind(server, person.email, `other-${Date.now()}`, 1);
    const res = await register(server, person);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('email');
  });
});
