import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrCodeSvg, totpCode, totpStep } from '../../src/identity/infrastructure/totp.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { bearer, expectUnauthenticated, login, me, newPerson, registered, type NewPerson } from './identity-test-helpers.js';

/** Interoperability with an independent implementation: Debian's oathtool (oath-toolkit). */
const OATHTOOL = '/usr/bin/oathtool';
const available = existsSync(OATHTOOL);
const inCi = process.env.CI === 'true';
const STEP_MS = 30_000;
const USER_AGENT = 'two-factor-e2e/1.0';
const PROBLEM = 'urn:reserva:problem:';

/** oathtool's code for one time step (`@<epoch seconds>` names an exact instant inside it). */
function oathtool(secret: string, step: number): string {
  return execFileSync(OATHTOOL, ['--totp', '-b', secret, '--now', `@${step * 30 + 1}`], { encoding: 'utf8' }).trim();
}

/**
 * Time steps for one account. A step works once (replay is refused per step), so each code
 * must come from a later step than the last, and within the ±1 step the server accepts around now.
 */
function freshSteps(): () => Promise<number> {
  let last = -Infinity;
  return async () => {
    for (;;) {
      const now = Date.now();
      const current = totpStep(new Date(now));
      // The previous step is fine unless it is about to leave the window.
      const earliest = now % STEP_MS < STEP_MS - 5_000 ? current - 1 : current;
      const step = Math.max(last + 1, earliest);
      if (step <= current + 1) return (last = step);
      await sleep(STEP_MS - (now % STEP_MS));
    }
  };
}

/** A six-digit code that matches no step near now. */
function wrongCode(secret: string): string {
  const near = new Set(Array.from({ length: 7 }, (_, i) => totpCode(secret, totpStep(new Date()) - 3 + i)));
  let n = 123456;
  while (near.has(String(n))) n++;
  return String(n);
}

// Skipped on a machine without oathtool, but CI must have it: there a missing tool fails.
it.runIf(!available && inCi)('oathtool is installed (required when CI=true)', () => {
  expect.fail(`${OATHTOOL} is required when CI=true (apt-get install oathtool)`);
});

describe('two-factor authentication over HTTP', () => {
  let server: TestServer;
  const headers = (token?: string) => ({ 'User-Agent': USER_AGENT, ...(token ? bearer(token) : {}) });
  const post = (path: string, body: unknown, token?: string) => server.anonymous('POST', `/api/v1${path}`, { body, headers: headers(token) });
  const tokenRequest = (person: NewPerson, extra: { totp?: string; recoveryCode?: string } = {}) =>
    post('/auth/token', { login: person.username, password: person.password, ...extra });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  describe('with codes from oathtool', () => {
    const ana = newPerson('Ana');
    const nextStep = freshSteps();
    let token: string;
    let secret: string;

    beforeAll(async () => {
      await registered(server, ana);
      token = (await login(server, ana.username, ana.password)).accessToken;
    });

    it('starts set-up only with the current password, so a stolen session alone cannot turn two-factor on', async () => {
      const missing = await post('/users/me/two-factor', {}, token);
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('password');
      const wrong = await post('/users/me/two-factor', { password: 'not-the-password-1' }, token);
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors).toEqual([{ field: 'password', message: 'the current password is wrong' }]);
      expect(wrong.headers.get('www-authenticate')).toBeNull();
      expect(JSON.stringify(wrong.body)).not.toMatch(/secret|otpauth/);
    });

    it('starts set-up with a base32 secret, its otpauth URI and an SVG QR code of that URI', async () => {
      const res = await post('/users/me/two-factor', { password: ana.password }, token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      secret = res.body.secret;
      // 160 bits in base32 without padding.
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);

      const uri = new URL(res.body.otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.host).toBe('totp');
      expect(decodeURIComponent(uri.pathname)).toBe(`/Reserva:${ana.email}`);
      expect(Object.fromEntries(uri.searchParams)).toEqual({ secret, issuer: 'Reserva', algorithm: 'SHA1', digits: '6', period: '30' });

      expect(res.body.qrCodeSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(res.body.qrCodeSvg).toBe(await qrCodeSvg(res.body.otpauthUri));
      expect((await me(server, token)).body.twoFactorEnabled).toBe(false);
    });

    it('refuses to confirm with a wrong code (422) and stays off', async () => {
      const res = await post('/users/me/two-factor/confirm', { code: wrongCode(secret) }, token);
      expect(res.status).toBe(422);
      expect(res.body.type).toBe(`${PROBLEM}rule-violated`);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
      expect((await me(server, token)).body.twoFactorEnabled).toBe(false);
      // No second factor yet: the password alone still signs in.
      expect((await tokenRequest(ana)).status).toBe(200);
    });

    describe.skipIf(!available)(
      available ? 'interoperability' : `interoperability — SKIPPED: ${OATHTOOL} not installed (apt-get install oathtool)`,
      () => {
        it('confirms with an oathtool code: ten distinct recovery codes, and the profile shows two-factor on', async () => {
          const res = await post('/users/me/two-factor/confirm', { code: oathtool(secret, await nextStep()) }, token);
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          const codes: string[] = res.body.recoveryCodes;
          expect(codes).toHaveLength(10);
          expect(new Set(codes).size).toBe(10);
          for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);

          expect((await me(server, token)).body.twoFactorEnabled).toBe(true);
          expect((await post('/users/me/two-factor', { password: ana.password }, token)).status).toBe(409);
        });

        it('then login needs a code; an oathtool code signs in once and is refused when replayed', async () => {
          const bare = await tokenRequest(ana);
          expectUnauthenticated(bare);
          expect(bare.body.type).toBe(`${PROBLEM}two-factor-required`);

          const code = oathtool(secret, await nextStep());
          const first = await tokenRequest(ana, { totp: code });
          expect(first.status, JSON.stringify(first.body)).toBe(200);
          expect(first.body).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String), refreshToken: expect.any(String) });
          expect((await me(server, first.body.accessToken)).status).toBe(200);

          const replay = await tokenRequest(ana, { totp: code });
          expectUnauthenticated(replay);
          expect(replay.body.type).toBe(`${PROBLEM}unauthenticated`);
          expect(replay.body).not.toHaveProperty('accessToken');
        });
      },
    );
  });

  it('lets exactly one of two confirmations sent at once turn two-factor on, and only its recovery codes work', async () => {
    const cy = newPerson('Cy');
    const userId = await registered(server, cy);
    const { accessToken } = await login(server, cy.username, cy.password);
    const seed: string = (await post('/users/me/two-factor', { password: cy.password }, accessToken)).body.secret;
    const code = totpCode(seed, totpStep(new Date()));
    const both = await Promise.all([0, 1].map(() => post('/users/me/two-factor/confirm', { code }, accessToken)));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)!;
    expect(winner.body.recoveryCodes).toHaveLength(10);

    const enabled = (await server.store.readStream(`user-${userId}`)).filter((e) => e.type.startsWith('UserTwoFactor'));
    expect(enabled.map((e) => e.type)).toEqual(['UserTwoFactorEnabled']);
    for (const recoveryCode of winner.body.recoveryCodes.slice(0, 2)) {
      const res = await tokenRequest(cy, { recoveryCode });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });

  describe('recovery codes, disabling, and the history', () => {
    const bea = newPerson('Bea');
    const nextStep = freshSteps();
    let userId: string;
    let token: string;
    let secret: string;
    let recoveryCodes: string[];

    beforeAll(async () => {
      userId = await registered(server, bea);
      token = (await login(server, bea.username, bea.password)).accessToken;
      secret = (await post('/users/me/two-factor', { password: bea.password }, token)).body.secret;
      const confirmed = await post('/users/me/two-factor/confirm', { code: totpCode(secret, await nextStep()) }, token);
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      recoveryCodes = confirmed.body.recoveryCodes;
    });

    it('signs in with a recovery code, once', async () => {
      const [code] = recoveryCodes;
      const first = await tokenRequest(bea, { recoveryCode: code! });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect((await me(server, first.body.accessToken)).body.userId).toBe(userId);

      const again = await tokenRequest(bea, { recoveryCode: code! });
      expectUnauthenticated(again);
      expect(again.body.type).toBe(`${PROBLEM}unauthenticated`);
    });

    it('disabling needs the password and a code; a wrong one answers 422 on its field, never 401 (the session is fine)', async () => {
      const disable = (body: unknown) => post('/users/me/two-factor/disable', body, token);
      const wrongPassword = await disable({ password: 'not-the-password-1', totp: totpCode(secret, await nextStep()) });
      expect(wrongPassword.status).toBe(422);
      expect(wrongPassword.body.errors).toEqual([{ field: 'password', message: 'the current password is wrong' }]);
      const refusals: [string, Awaited<ReturnType<typeof disable>>][] = [
        ['totp', await disable({ password: bea.password })],
        ['totp', await disable({ password: bea.password, totp: wrongCode(secret) })],
        ['recoveryCode', await disable({ password: bea.password, recoveryCode: 'aaaa-bbbb-cccc' })],
      ];
      for (const [field, res] of refusals) {
        expect(res.status, JSON.stringify(res.body)).toBe(422);
        expect(res.headers.get('www-authenticate')).toBeNull();
        expect(res.body.type).toBe(`${PROBLEM}rule-violated`);
        expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
      }
      expect((await me(server, token)).status).toBe(200);
      expect((await me(server, token)).body.twoFactorEnabled).toBe(true);
      expect((await tokenRequest(bea)).body.type).toBe(`${PROBLEM}two-factor-required`);

      const disabled = await post('/users/me/two-factor/disable', { password: bea.password, totp: totpCode(secret, await nextStep()) }, token);
      expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
      expect((await me(server, token)).body.twoFactorEnabled).toBe(false);
    });

    it('after disabling, the password alone signs in', async () => {
      const res = await tokenRequest(bea);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((await me(server, res.body.accessToken)).body.userId).toBe(userId);
    });

    it('the identity history shows enabling, the recovery code use and disabling, with the actor and the request', async () => {
      const res = await server.anonymous('GET', `/api/v1/users/${userId}/history`, { headers: bearer(token) });
      expect(res.status).toBe(200);
      const entries: Array<{ type: string; streamId: string; actor: unknown; request: { ip?: string; userAgent?: string } | null; data: Record<string, unknown> }> = res.body.entries;
      const byActor = { actor: { id: userId, kind: 'user' }, request: { ip: expect.stringMatching(/127\.0\.0\.1/), userAgent: USER_AGENT } };
      const types = entries.map((e) => e.type);
      expect(types.filter((t) => t.startsWith('UserTwoFactor') || t === 'UserRecoveryCodeUsed')).toEqual(['UserTwoFactorEnabled', 'UserRecoveryCodeUsed', 'UserTwoFactorDisabled']);

      expect(entries.find((e) => e.type === 'UserTwoFactorEnabled')).toMatchObject({ streamId: `user-${userId}`, data: { userId }, ...byActor });
      expect(entries.find((e) => e.type === 'UserRecoveryCodeUsed')).toMatchObject({ streamId: `user-${userId}`, data: { userId, remaining: 9 }, ...byActor });
      expect(entries.find((e) => e.type === 'UserTwoFactorDisabled')).toMatchObject({ streamId: `user-${userId}`, data: { userId }, ...byActor });
      expect(entries).toContainEqual(expect.objectContaining({ type: 'UserLoggedIn', data: expect.objectContaining({ method: 'password+recovery-code' }), ...byActor }));
      // The seed and the recovery codes never reach the log.
      const log = JSON.stringify(entries);
      expect(log).not.toContain(secret);
      for (const code of recoveryCodes) expect(log).not.toContain(code);
    });
  });
});
