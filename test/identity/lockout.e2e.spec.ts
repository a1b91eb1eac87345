import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

function tokenRequest(server: TestServer, person: NewPerson, overrides: { login?: string; password?: string; totp?: string } = {}): Promise<Response> {
  return server.anonymous('POST', '/api/v1/auth/token', {
    body: { login: overrides.login ?? person.email, password: overrides.password ?? person.password, ...(overrides.totp ? { totp: overrides.totp } : {}) },
    headers: { 'User-Agent': USER_AGENT },
  });
}

/** How many answers had each status. */
function statusCounts(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const res of responses) counts[res.status] = (counts[res.status] ?? 0) + 1;
  return counts;
}

/**
 * Many attempts at once: at most `allowed` are checked (answer `checkedStatus`), every other one
 * is refused unchecked with 429, so a burst of guesses cannot outrun the count.
 */
function expectAtMostChecked(responses: Response[], allowed: number, checkedStatus: number): void {
  const counts = statusCounts(responses);
  const checked = counts[checkedStatus] ?? 0;
  expect(checked, JSON.stringify(counts)).toBeLessThanOrEqual(allowed);
  expect(counts[429] ?? 0, JSON.stringify(counts)).toBe(responses.length - checked);
  for (const res of responses) if (res.status === 429) expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
}

/** `body` without the seconds in its detail, which tick between two answers. */
const withoutSeconds = (body: { detail: string }) => ({ ...body, detail: body.detail.replace(/\d+ seconds/, 'N seconds') });

/** The person's sign-in events as an auditor replays them (request metadata opened). */
async function loginEventsOf(server: TestServer, userId: string): Promise<HistoryEntry[]> {
  const res = await server.as(AUDITOR, ['auditor'])('GET', `/api/v1/users/${userId}/history`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.entries as HistoryEntry[]).filter((e) => e.streamId === `login-${userId}`);
}

async function failureReasonsOf(server: TestServer, userId: string): Promise<unknown[]> {
  return (await loginEventsOf(server, userId)).filter((e) => e.type === 'UserLoginFailed').map((e) => e.data.reason);
}

/** Registers someone and turns two-factor on; answers their id, TOTP secret and access token. */
async function withTwoFactor(server: TestServer, person: NewPerson): Promise<{ userId: string; secret: string; accessToken: string }> {
  const userId = await registered(server, person);
  const { accessToken } = await login(server, person.email, person.password);
  const post = (path: string, body: unknown) => server.anonymous('POST', `/api/v1/users/me/two-factor${path}`, { body, headers: bearer(accessToken) });
  const secret: string = (await post('', { password: person.password })).body.secret;
  // The previous step, so that the current one is still free for a login afterwards.
  expect((await post('/confirm', { code: totpCode(secret, totpStep(new Date()) - 1) })).status).toBe(200);
  return { userId, secret, accessToken };
}

/** Six-digit codes that match no step near now. */
function wrongCodes(secret: string): string[] {
  const current = totpStep(new Date());
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totpCode(secret, current + d)));
  return Array.from({ length: 10 }, (_, i) => String(i * 111_111).padStart(6, '0')).filter((c) => !near.has(c));
}

describe('login, two-factor and password reset limits over HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  const loginEvents = (userId: string) => loginEventsOf(server, userId);
  const failureReasons = (userId: string) => failureReasonsOf(server, userId);
  const fromThisClient = (userId: string) => ({ actor: { id: userId, kind: 'user' }, request: { ip: expect.stringMatching(/127\.0\.0\.1/), userAgent: USER_AGENT } });

  it('counts wrong current passwords on sensitive changes like failed logins, so a stolen session cannot guess the password', async () => {
    const erin = newPerson('Erin');
    await registered(server, erin);
    const { accessToken } = await login(server, erin.email, erin.password);
    const change = () => server.anonymous('POST', '/api/v1/users/me/password', { body: { currentPassword: WRONG_PASSWORD, newPassword: 'a-brand-new-passphrase-7' }, headers: bearer(accessToken) });
    for (let i = 1; i <= 5; i++) expect((await change()).status).toBe(422);
    expectTooManyAttempts(await change(), 900);
    expectTooManyAttempts(await tokenRequest(server, erin), 900);
  });

  it('locks a login naming nobody after five attempts exactly like an account, whatever its case and spacing', async () => {
    const nobody = newPerson('Nobody');
    const ivy = newPerson('Ivy');
    await registered(server, ivy);
    // Case and spacing do not make a fresh counter, for a real account or for nobody.
    const spellings = (login: string) => [login, login.toUpperCase(), `  ${login}  `, login.replace(/^./, (c) => c.toUpperCase()), login];
    const unknown: Response[] = [];
    const known: Response[] = [];
    for (let i = 0; i < 5; i++) {
      unknown.push(await tokenRequest(server, nobody, { login: spellings(nobody.email)[i]! }));
      known.push(await tokenRequest(server, ivy, { login: spellings(ivy.email)[i]!, password: WRONG_PASSWORD }));
    }
    for (const res of [...unknown, ...known]) expect(res.status, JSON.stringify(res.body)).toBe(401);
    expect(unknown.map((r) => r.body)).toEqual(known.map((r) => r.body));

    const unknownLocked = await tokenRequest(server, nobody, { login: nobody.email.toUpperCase() });
    const knownLocked = await tokenRequest(server, ivy);
    expect(expectTooManyAttempts(unknownLocked, 900)).toBeGreaterThan(800);
    expect(expectTooManyAttempts(knownLocked, 900)).toBeGreaterThan(800);
    expect(withoutSeconds(unknownLocked.body)).toEqual(withoutSeconds(knownLocked.body));
    expect(unknownLocked.headers.get('retry-after')).toBe(knownLocked.headers.get('retry-after'));
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
      // Case, spacing, email or username: one account, one counter.
      const logins = [carl.email, carl.email.toUpperCase(), ` ${carl.email} `, carl.username.toUpperCase(), carl.username];
      for (let i = 1; i <= 5; i++) {
        const res = await tokenRequest(server, carl, { login: logins[i - 1]!, password: WRONG_PASSWORD });
        expect(res.status, `wrong password #${i}: ${JSON.stringify(res.body)}`).toBe(401);
      }
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
      await expect.poll(() => failureReasons(carlId)).toEqual([...Array(5).fill('wrong-password'), 'locked-out']);
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
      ({ userId: eveId, secret } = await withTwoFactor(server, eve));
    });

    it('after five wrong codes, even a correct code answers 429 with Retry-After', async () => {
      const wrong = wrongCodes(secret);
      for (let i = 0; i < 5; i++) {
        const res = await tokenRequest(server, eve, { totp: wrong[i]! });
        expect(res.status, `wrong code #${i + 1}: ${JSON.stringify(res.body)}`).toBe(401);
      }
      // Locked for 5 minutes.
      const right = await tokenRequest(server, eve, { totp: totpCode(secret, totpStep(new Date())) });
      expect(expectTooManyAttempts(right, 300)).toBeGreaterThan(200);
      await expect.poll(() => failureReasons(eveId)).toEqual([...Array(5).fill('wrong-second-factor'), 'locked-out']);
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

// Production argon2id parameters: a check takes as long as it does in production, so the
// attempts of a burst really are in flight together.
describe('many attempts at once (argon2id m=19456 KiB, t=2)', () => {
  let server: TestServer;
  const BURST = 24;

  beforeAll(async () => {
    server = await startTestServer({ ARGON2_MEMORY_KIB: '19456', ARGON2_ITERATIONS: '2' });
  });
  afterAll(() => server?.close());
  afterEach(() => vi.restoreAllMocks());

  /** Counts the password checks (argon2 verifications) of `password` from now on. */
  const passwordChecks = (password: string) => {
    const verify = vi.spyOn(server.identity.deps.hasher, 'verify');
    return () => verify.mock.calls.filter(([, tried]) => tried === password).length;
  };

  it('checks at most five of many wrong passwords sent at once; the right one afterwards answers 429', async () => {
    const hal = newPerson('Hal');
    const halId = await registered(server, hal);
    const checks = passwordChecks(WRONG_PASSWORD);
    const burst = await Promise.all(Array.from({ length: BURST }, () => tokenRequest(server, hal, { password: WRONG_PASSWORD })));
    expectAtMostChecked(burst, 5, 401);
    expect(checks()).toBeLessThanOrEqual(5);
    expect(expectTooManyAttempts(await tokenRequest(server, hal), 900)).toBeGreaterThan(800);
    // Every attempt is on record: the checked ones as wrong passwords, the others as refused.
    await expect.poll(async () => (await failureReasonsOf(server, halId)).length).toBe(BURST + 1);
    const reasons = await failureReasonsOf(server, halId);
    expect(reasons.filter((r) => r === 'wrong-password')).toHaveLength(statusCounts(burst)[401] ?? 0);
    expect(reasons.filter((r) => r === 'locked-out')).toHaveLength((statusCounts(burst)[429] ?? 0) + 1);
  });

  it('checks at most five of many wrong current passwords sent at once; the right one afterwards answers 429', async () => {
    const fern = newPerson('Fern');
    await registered(server, fern);
    const { accessToken } = await login(server, fern.email, fern.password);
    const change = (currentPassword: string) =>
      server.anonymous('POST', '/api/v1/users/me/password', { body: { currentPassword, newPassword: 'a-brand-new-passphrase-7' }, headers: bearer(accessToken) });
    const checks = passwordChecks(WRONG_PASSWORD);
    expectAtMostChecked(await Promise.all(Array.from({ length: BURST }, () => change(WRONG_PASSWORD))), 5, 422);
    expect(checks()).toBeLessThanOrEqual(5);
    expectTooManyAttempts(await change(fern.password), 900);
    // The password did not change.
    expectTooManyAttempts(await tokenRequest(server, fern, { password: 'a-brand-new-passphrase-7' }), 900);
  });

  it('checks at most five of many wrong two-factor codes sent at once at login; the right code afterwards answers 429', async () => {
    const gus = newPerson('Gus');
    const { userId, secret } = await withTwoFactor(server, gus);
    const wrong = wrongCodes(secret);
    const burst = await Promise.all(Array.from({ length: BURST }, (_, i) => tokenRequest(server, gus, { totp: wrong[i % wrong.length]! })));
    expectAtMostChecked(burst, 5, 401);
    expect(expectTooManyAttempts(await tokenRequest(server, gus, { totp: totpCode(secret, totpStep(new Date())) }), 900)).toBeGreaterThan(200);
    // A checked code is on record as a wrong second factor; a refused attempt as locked out.
    await expect.poll(async () => (await failureReasonsOf(server, userId)).length).toBe(BURST + 1);
    expect((await failureReasonsOf(server, userId)).filter((r) => r === 'wrong-second-factor').length).toBeLessThanOrEqual(5);
  });

  it('checks at most five of many wrong recovery codes sent at once to turn two-factor off; the right code afterwards answers 429', async () => {
    const ada = newPerson('Ada');
    const { secret, accessToken } = await withTwoFactor(server, ada);
    const disable = (proof: { totp: string } | { recoveryCode: string }) =>
      server.anonymous('POST', '/api/v1/users/me/two-factor/disable', { body: { password: ada.password, ...proof }, headers: bearer(accessToken) });
    const checks = vi.spyOn(server.identity.deps.credentials, 'consumeRecoveryCode');
    const burst = await Promise.all(Array.from({ length: BURST }, (_, i) => disable({ recoveryCode: `wrong-code-${i}` })));
    expectAtMostChecked(burst, 5, 422);
    expect(checks.mock.calls.length).toBeLessThanOrEqual(5);
    expectTooManyAttempts(await disable({ totp: totpCode(secret, totpStep(new Date())) }), 900);
    expect((await server.anonymous('GET', '/api/v1/users/me', { headers: bearer(accessToken) })).body.twoFactorEnabled).toBe(true);
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
