import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/support/test-server.js';

const run = promisify(execFile);

describe('npm run rotate-signing-key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('signs new tokens with a new key while tokens signed before keep working', async () => {
    const before = await server.tokenFor(randomUUID(), ['booker']);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main/rotate-signing-key.ts'], {
      env: { ...process.env, DATABASE_URL: server.db.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    });
    const { kid } = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(decodeProtectedHeader(before).kid).not.toBe(kid);

    const after = await server.tokenFor(randomUUID(), ['booker']);
    expect(decodeProtectedHeader(after).kid).toBe(kid);
    for (const token of [before, after]) {
      expect((await server.anonymous('GET', '/api/v1/users/me', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    const jwks = await server.anonymous('GET', '/.well-known/jwks.json');
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([kid, decodeProtectedHeader(before).kid]));
  });
});
