import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRecoveryCode, totpCode, totpStep } from '../../src/identity/infrastructure/totp.js';
import { hashOpaqueToken } from '../../src/identity/infrastructure/postgres/postgres-session-store.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { linkToken, mailTo, newPerson, uniqueTag, type Tokens } from './identity-test-helpers.js';

const USER_AGENT = `reserva-leak-probe/${uniqueTag()}`;

/**
 * A whole account life over HTTP, then a search of every event and every log line for each
 * secret it involved: none may be there.
 */
describe('secrets never reach the event log or the logs', () => {
  let server: TestServer;
  const logLines: string[] = [];
  const realWrite = process.stdout.write;
  /** Every secret seen during the flow, by what it is (for a readable failure). */
  const secrets = new Map<string, string>();
  const person = newPerson('Leak', { password: `Zebra-Kumquat-${uniqueTag()}-Vortex` });
  const newPassword = `Ember-Quokka-${uniqueTag()}-Lagoon`;
  const wrongGuess = `Guessing-Gecko-${uniqueTag()}-Wrong`;
  let userId: string;

  const keep = (what: string, value: string | null | undefined) => {
    expect(value, what).toBeTruthy();
    secrets.set(`${what} #${secrets.size}`, value!);
  };
  const call = (method: string, path: string, options: { body?: unknown; token?: string } = {}) =>
    server.anonymous(method, path, {
      ...(options.body !== undefined ? { body: options.body } : {}),
      headers: { 'User-Agent': USER_AGENT, ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
    });
  const expectOk = async (pending: ReturnType<typeof call>) => {
    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const keepTokens = (tokens: Tokens) => {
    keep('access token', tokens.accessToken);
    keep('access token signature', tokens.accessToken.split('.')[2]);
    keep('refresh token', tokens.refreshToken);
    keep('refresh token hash', hashOpaqueToken(tokens.refreshToken));
    return tokens;
  };
  const keepAccountSecrets = async () => {
    const { rows } = await server.pool.query<{ password_hash: string; totp_secret: string | null }>('SELECT password_hash, totp_secret FROM identity.accounts WHERE user_id = $1', [userId]);
    keep('password hash', rows[0]!.password_hash);
    keep('password hash digest', rows[0]!.password_hash.split('$').at(-1));
    if (rows[0]!.totp_secret) keep('stored TOTP secret', rows[0]!.totp_secret);
  };

  beforeAll(async () => {
    // The JSON logger writes each line to stdout when it logs, so this sees everything the server logs.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logLines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
    server = await startTestServer({ LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    await server?.close();
    process.stdout.write = realWrite;
  });

  it('runs register, verify, login, refresh, two-factor, reset, change and logout over HTTP', async () => {
    for (const password of [person.password, newPassword, wrongGuess]) keep('password', password);

    const registered = await call('POST', '/api/v1/auth/register', { body: person });
    expect(registered.status).toBe(201);
    userId = registered.body.userId;
    await keepAccountSecrets();
    const verifyToken = linkToken(await server.mail.waitForMail(mailTo(person.email)), 'verify-email');
    keep('verification token', verifyToken);
    keep('verification token hash', hashOpaqueToken(verifyToken));
    await expectOk(call('POST', '/api/v1/auth/verify-email', { body: { token: verifyToken } }));

    expect((await call('POST', '/api/v1/auth/token', { body: { login: person.email, password: wrongGuess } })).status).toBe(401);
    const first = keepTokens(await expectOk(call('POST', '/api/v1/auth/token', { body: { login: person.email, password: person.password } })));
    const second = keepTokens(await expectOk(call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })));

    const setup = await expectOk(call('POST', '/api/v1/users/me/two-factor', { token: second.accessToken, body: { password: person.password } }));
    keep('TOTP secret', setup.secret);
    const step = totpStep(new Date());
    const { recoveryCodes } = (await expectOk(call('POST', '/api/v1/users/me/two-factor/confirm', { token: second.accessToken, body: { code: totpCode(setup.secret, step) } }))) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) {
      keep('recovery code', code);
      keep('recovery code hash', hashRecoveryCode(code));
    }
    await keepAccountSecrets();

    // A code already used is refused; the next step's code (inside the drift window) works.
    expect((await call('POST', '/api/v1/auth/token', { body: { login: person.username, password: person.password } })).body.type).toBe('urn:reserva:problem:two-factor-required');
    keepTokens(await expectOk(call('POST', '/api/v1/auth/token', { body: { login: person.username, password: person.password, totp: totpCode(setup.secret, step + 1) } })));
    keepTokens(await expectOk(call('POST', '/api/v1/auth/token', { body: { login: person.username, password: person.password, recoveryCode: recoveryCodes[0] } })));

    await expectOk(call('POST', '/api/v1/auth/password-reset', { body: { email: person.email } }));
    const resetToken = linkToken(await server.mail.waitForMail(mailTo(person.email, 'Reset your Reserva password')), 'reset-password');
    keep('reset token', resetToken);
    keep('reset token hash', hashOpaqueToken(resetToken));
    await expectOk(call('POST', '/api/v1/auth/password-reset/complete', { body: { token: resetToken, newPassword } }));
    await keepAccountSecrets();

    const afterReset = keepTokens(await expectOk(call('POST', '/api/v1/auth/token', { body: { login: person.email, password: newPassword, recoveryCode: recoveryCodes[1] } })));
    const thirdPassword = `${newPassword}-Again`;
    keep('password', thirdPassword);
    await expectOk(call('POST', '/api/v1/users/me/password', { token: afterReset.accessToken, body: { currentPassword: newPassword, newPassword: thirdPassword } }));
    await keepAccountSecrets();
    await expectOk(call('POST', '/api/v1/auth/logout', { token: afterReset.accessToken, body: {} }));
    expect((await call('GET', '/api/v1/users/me', { token: afterReset.accessToken })).status).toBe(401);
  });

  it('keeps every secret out of every event and every log line', async () => {
    expect(userId).toBeDefined();
    const keys = await server.pool.query<{ d: string; person_key_b64: string | null; person_key_hex: string | null }>(
      `SELECT private_jwk->>'d' AS d, NULL AS person_key_b64, NULL AS person_key_hex FROM identity.signing_keys
       UNION ALL SELECT NULL, encode(key, 'base64'), encode(key, 'hex') FROM identity.person_keys WHERE person_id = $1`,
      [userId],
    );
    for (const row of keys.rows) {
      if (row.d) keep('signing key', row.d);
      if (row.person_key_b64) {
        keep('person key (base64)', row.person_key_b64);
        keep('person key (base64url)', Buffer.from(row.person_key_hex!, 'hex').toString('base64url'));
        keep('person key (hex)', row.person_key_hex);
      }
    }

    const events = (await server.pool.query<{ text: string }>('SELECT event_type || \' \' || data::text || \' \' || metadata::text AS text FROM eventstore.events')).rows.map((r) => r.text);
    expect(events.length).toBeGreaterThan(10);
    // The server logged while the flow ran, and the capture saw it.
    expect(logLines.some((line) => line.includes('"msg":"API listening"'))).toBe(true);
    const haystacks = [...events.map((text) => ({ where: 'event', text })), ...logLines.map((text) => ({ where: 'log line', text }))];

    const leaks: string[] = [];
    for (const { where, text } of haystacks) {
      if (text.includes('$argon2')) leaks.push(`an argon2 hash in a ${where}`);
      for (const [what, value] of secrets) if (text.includes(value)) leaks.push(`${what} in a ${where}`);
    }
    expect(leaks).toEqual([]);
  });

  it('seals the email, username, display name and request trail in events', async () => {
    const { rows } = await server.pool.query<{ text: string }>('SELECT lower(data::text || metadata::text) AS text FROM eventstore.events');
    for (const plain of [person.email, person.username, person.displayName, USER_AGENT]) {
      expect(rows.filter((r) => r.text.includes(plain.toLowerCase())), plain).toEqual([]);
    }
    const sealed = { keyOwner: userId, alg: 'A256GCM', iv: expect.any(String), data: expect.any(String) };
    const registered = (await server.store.readStream(`user-${userId}`)).find((e) => e.type === 'UserRegistered')!;
    expect(registered.data).toMatchObject({ personal: sealed });
    expect(registered.metadata.request).toEqual({ sealed });
  });

  it('records actor, IP and User-Agent on every identity event of the flow, for auditors to read', async () => {
    const auditor = server.as(randomUUID(), ['auditor']);
    const history = await auditor('GET', `/api/v1/users/${userId}/history`);
    expect(history.status).toBe(200);
    const entries = history.body.entries as { type: string; actor: unknown; request: unknown; data: { method?: string } }[];
    expect(new Set(entries.map((e) => e.type))).toEqual(
      new Set([
        'UserRegistered', 'UserRoleGranted', 'UserEmailVerified', 'UserTwoFactorEnabled', 'UserRecoveryCodeUsed', 'UserPasswordResetRequested', 'UserPasswordChanged',
        'UserLoginFailed', 'UserLoggedIn', 'UserSessionRevoked', 'UserLoggedOut',
      ]),
    );
    for (const entry of entries) {
      expect({ type: entry.type, actor: entry.actor, request: entry.request }).toEqual({ type: entry.type, actor: { id: userId, kind: 'user' }, request: { ip: '127.0.0.1', userAgent: USER_AGENT } });
    }
    expect(entries.filter((e) => e.type === 'UserLoggedIn').map((e) => e.data.method)).toEqual(['password', 'password+totp', 'password+recovery-code', 'password+recovery-code']);
  });
});
