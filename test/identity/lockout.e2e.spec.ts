import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode, totpStep } from '../../src/identity/infrastructure/totp.js';
import { startApiProcess } from '../support/api-process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { bearer, login, newPerson, registered, type NewPerson } from './identity-test-helpers.js';

const USER_AGENT = 'lockout-e2e/1.0';
const WRONG_PASSWORD = 'Not-The-Password-99';

const AUDITOR = randomUUID();

type Response = { status: number; headers: Headers; body: any };
type HistoryEntry = { type: string; streamId: string; actor: unknown; request: unknown; data: Record<string, unknown> };

/** A 429 problem+json whose Retry-After is whole seconds, within `(0, max]`; answers the seconds. */
function expectTooManyAttempts(res: Response, max: number): number {
  expect(res.status, JSON.stringify(res.body)).toBe(429);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'urn:reserva:problem:too-many-requests', status: 429 });
  expect(res.body).not.toHaveProperty('accessToken');
  const retryAfter = res.headers.get('retry-after') ?? '';
  expect(retryAfter).toMatch(/^\d+$/);
  const seconds = Number(retryAfter);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(max);
  return seconds;
}

function tokenRequest(server: TestServer, person: NewPerson, overrides: { password?: string; totp?: string } = {}): Promise<Response> {
  return server.anonymous('POST', '/api/v1/auth/token', {
    body: { login: person.email, password: overrides.password ?? person.password, ...(overrides.totp ? { totp: overrides.totp } : {}) },
    headers: { 'User-Agent': USER_AGENT },
  });
}

describe('login, two-factor and password reset limits over HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  /** The person's sign-in events as an auditor replays them (request metadata opened). */
  const loginEvents = async (userId: string): Promise<HistoryEntry[]> => {
    const res = await server.as(AUDITOR, ['auditor'])('GET', `/api/v1/users/${userId}/history`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.entries as HistoryEntry[]).filter((e) => e.streamId === `login-${userId}`);
  };
  const failureReasons = async (userId: string) => (await loginEvents(userId)).filter((e) => e.type === 'UserLoginFailed').map((e) => e.data.reason);
  const fromThisClient = (userId: string) => ({ actor: { id: userId, kind: 'user' }, request: { ip: expect.stringMatching(/127\.0\.0\.1/), userAgent: USER_AGENT } });

  it('counts wrong current passwords on sensitive changes like failed logins, so a stolen session cannot guess the password', async () => {
    const erin = newPerson('Erin');
    await registered(server, erin);
    const { accessToken } = await login(server, erin.email, erin.password);
    const change = () => server.anonymous('POST', '/api/v1/users/me/password', { body: { currentPassword: WRONG_PASSWORD, newPassword: 'a-brand-new-passphrase-7' }, headers: bearer(accessToken) });
    for (let i = 1; i <= 4; i++) expect((await change()).status).toBe(422);
    expectTooManyAttempts(await change(), 900);
    expectTooManyAttempts(await tokenRequest(server, erin), 900);
  });

  describe('account lockout after wrong passwords', () => {
    const carl = newPerson('Carl');
    const dana = newPerson('Dana');
    let carlId: string;
    let danaId: string;

    beforeAll(async () => {
      carlId = await registered(server, carl);
      danaId = await registered(server, dana);
    });

    it('five wrong passwords lock the account: the next attempt, even with the right password, answers 429 with Retry-After', async () => {
      for (let i = 1; i <= 4; i++) {
        const res = await tokenRequest(server, carl, { password: WRONG_PASSWORD });
        expect(res.status, `wrong password #${i}: ${JSON.stringify(res.body)}`).toBe(401);
      }
      // The fifth wrong password brings on the lockout, and says so.
      expectTooManyAttempts(await tokenRequest(server, carl, { password: WRONG_PASSWORD }), 900);
      const right = await tokenRequest(server, carl);
      // Locked for 15 minutes.
      expect(expectTooManyAttempts(right, 900)).toBeGreaterThan(800);
      expect(right.body.detail).toMatch(/account/);
    });

    it('another account from the same address is not locked', async () => {
      const res = await tokenRequest(server, dana);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.userId).toBe(danaId);
    });

    it('records every failure on login-<userId> with the reason, IP and user agent; a success records UserLoggedIn', async () => {
      expect(await failureReasons(carlId)).toEqual([...Array(5).fill('wrong-password'), 'locked-out']);
      const carls = await loginEvents(carlId);
      for (const event of carls) expect(event).toMatchObject({ data: { userId: carlId }, ...fromThisClient(carlId) });
      expect(carls.some((e) => e.type === 'UserLoggedIn')).toBe(false);

      const danas = await loginEvents(danaId);
      expect(danas.map((e) => e.type)).toEqual(['UserLoggedIn']);
      expect(danas[0]).toMatchObject({ data: { userId: danaId, method: 'password', sessionId: expect.any(String) }, ...fromThisClient(danaId) });
    });

    it('the lockout lives in PostgreSQL: a second API process on the same database refuses the locked account too', async () => {
      const other = await startApiProcess(server.db.url, { SMTP_URL: server.mail.url, LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
      try {
        const post = (person: NewPerson) =>
          fetch(`${other.baseUrl}/api/v1/auth/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ login: person.email, password: person.password }),
          }).then(async (res) => ({ status: res.status, headers: res.headers, body: await res.json() }));
        const locked = await post(carl);
        expectTooManyAttempts(locked, 900);
        expect(locked.body.detail).toMatch(/account/);
        expect((await post(dana)).status).toBe(200);
      } finally {
        await other.stop();
      }
    });
  });

  describe('wrong two-factor codes', () => {
    const eve = newPerson('Eve');
    let eveId: string;
    let secret: string;

    beforeAll(async () => {
      eveId = await registered(server, eve);
      const { accessToken } = await login(server, eve.email, eve.password);
      const post = (path: string, body?: unknown) => server.anonymous('POST', `/api/v1/users/me/two-factor${path}`, { body, headers: bearer(accessToken) });
      secret = (await post('')).body.secret;
      // The previous step, so that the current one is still free for the login below.
      expect((await post('/confirm', { code: totpCode(secret, totpStep(new Date()) - 1) })).status).toBe(200);
    });

    it('after five wrong codes, even a correct code answers 429 with Retry-After', async () => {
      const current = totpStep(new Date());
      const near = new Set([-2, -1, 0, 1, 2].map((d) => totpCode(secret, current + d)));
      const wrong = Array.from({ length: 10 }, (_, i) => String(i * 111_111).padStart(6, '0')).filter((c) => !near.has(c));
      for (let i = 0; i < 4; i++) {
        const res = await tokenRequest(server, eve, { totp: wrong[i]! });
        expect(res.status, `wrong code #${i + 1}: ${JSON.stringify(res.body)}`).toBe(401);
      }
      // The fifth wrong code brings on the lockout, and says so.
      expectTooManyAttempts(await tokenRequest(server, eve, { totp: wrong[4]! }), 300);
      // Locked for 5 minutes.
      const right = await tokenRequest(server, eve, { totp: totpCode(secret, totpStep(new Date())) });
      expect(expectTooManyAttempts(right, 300)).toBeGreaterThan(200);
      expect(await failureReasons(eveId)).toEqual([...Array(5).fill('wrong-second-factor'), 'locked-out']);
      for (const event of (await loginEvents(eveId)).filter((e) => e.type === 'UserLoginFailed')) expect(event).toMatchObject(fromThisClient(eveId));
    });
  });

  describe('password reset requests', () => {
    it('after five requests for the same email the next answers 429 with Retry-After', async () => {
      // Requests from one address have their own, larger allowance (an office shares one address).
      const fay = newPerson('Fay');
      await registered(server, fay);
      const request = () => server.anonymous('POST', '/api/v1/auth/password-reset', { body: { email: fay.email } });
      for (let i = 1; i <= 5; i++) expect((await request()).status, `request #${i}`).toBe(200);
      expect(expectTooManyAttempts(await request(), 3600)).toBeGreaterThan(3500);
      // Another person behind the same address still gets their link.
      const gil = newPerson('Gil');
      await registered(server, gil);
      expect((await server.anonymous('POST', '/api/v1/auth/password-reset', { body: { email: gil.email } })).status).toBe(200);
      await server.mail.waitForMail((m) => m.to !== undefined && JSON.stringify(m.to).includes(gil.email) && /reset|palavra|пароль/i.test(m.subject ?? ''));
    });
  });
});

describe('per-address login limit (LOGIN_ATTEMPTS_PER_MINUTE=3)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LOGIN_ATTEMPTS_PER_MINUTE: '3' });
  });
  afterAll(() => server?.close());

  it('answers 429 with Retry-After once an address has made more attempts than allowed, whatever the account', async () => {
    const gil = newPerson('Gil');
    await registered(server, gil);
    // The window starts at the address's first attempt, so these four share it.
    expect((await tokenRequest(server, gil, { password: WRONG_PASSWORD })).status).toBe(401);
    expect((await tokenRequest(server, newPerson('Nobody'))).status).toBe(401);
    expect((await tokenRequest(server, gil)).status).toBe(200);
    const refused = await tokenRequest(server, gil);
    expectTooManyAttempts(refused, 60);
    expect(refused.body.detail).toMatch(/address/);
  });
});
