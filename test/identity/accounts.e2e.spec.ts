import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../support/test-server.js';
import { bearer, linkToken, login, mailTo, me, newPerson, register, registered, uniqueTag } from './identity-test-helpers.js';

describe('accounts over HTTP: registration, verification, profile, admin search', () => {
  let server: TestServer;
  let admin: Client;

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
    expect((await admin('GET', '/api/v1/users/me')).status).toBe(200);
  });
  afterAll(() => server?.close());
  // Every sign-up here comes from 127.0.0.1, and sign-ups are limited per address.
  beforeEach(() => server.identity.deps.limiter.reset('register-ip', '127.0.0.1'));

  const accountRows = async (email: string) =>
    Number((await server.pool.query<{ n: string }>('SELECT count(*) AS n FROM identity.accounts WHERE lower(email) = lower($1)', [email])).rows[0]!.n);

  it('registers with 201, a Location and the starting role of each account type', async () => {
    const expected = { employee: 'booker', client: 'client', guest: 'guest', hotelier: 'viewer' } as const;
    for (const [accountType, role] of Object.entries(expected)) {
      const person = newPerson('Reg', { accountType: accountType as keyof typeof expected });
      const res = await register(server, person);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ accountType, roles: [role], verificationEmailSent: true });
      expect(res.headers.get('location')).toBe(`/api/v1/users/${res.body.userId}`);
      const tokens = await login(server, person.email, person.password);
      const profile = await me(server, tokens.accessToken);
      expect(profile.body).toMatchObject({ userId: res.body.userId, accountType, roles: [{ role, siteIds: null }], emailVerified: false });
    }
  });

  it('answers 409 naming the email when it is taken, and the username when it is taken in another case', async () => {
    const first = newPerson('Dup', { username: `Marta.Silva-${uniqueTag()}` });
    await registered(server, first);
    const before = await server.eventCount();

    const sameEmail = await register(server, newPerson('Other', { email: first.email.toUpperCase() }));
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(sameEmail.body.detail).toMatch(/email/i);
    expect(sameEmail.body.detail).not.toMatch(/username/i);

    const sameUsername = await register(server, newPerson('Other', { username: first.username.toLowerCase() }));
    expect(sameUsername.status).toBe(409);
    expect(sameUsername.body.detail).toMatch(/username/i);
    expect(sameUsername.body.detail).not.toMatch(/email/i);

    expect(await server.eventCount()).toBe(before);
  });

  it('refuses weak passwords with 422 saying why, appending nothing and creating no account', async () => {
    const cases = [
      { password: 'Sh0rt!pw', reason: /at least 10 characters/ },
      { password: (p: { username: string }) => `${p.username.toUpperCase()}-is-my-secret`, reason: /must not contain the username/ },
      { password: 'Password123!', reason: /most common passwords/ },
    ];
    for (const c of cases) {
      const person = newPerson('Weak');
      person.password = typeof c.password === 'function' ? c.password(person) : c.password;
      const before = await server.eventCount();
      const res = await register(server, person);
      expect(res.status, person.password).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toMatch(c.reason);
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field: 'password', message: expect.stringMatching(c.reason) }]));
      // The password itself is never echoed.
      expect(JSON.stringify(res.body)).not.toContain(person.password);
      expect(await server.eventCount()).toBe(before);
      expect(await accountRows(person.email)).toBe(0);
    }
  });

  it('answers 400 problem+json for a bad email, an unknown account type and an unknown field', async () => {
    const before = await server.eventCount();
    const bad = [
      { body: { ...newPerson('Bad'), email: 'not-an-email' }, field: 'email' },
      { body: { ...newPerson('Bad'), accountType: 'overlord' }, field: 'accountType' },
      { body: { ...newPerson('Bad'), isAdmin: true }, field: 'isAdmin' },
    ];
    for (const { body, field } of bad) {
      const res = await server.anonymous('POST', '/api/v1/auth/register', { body });
      expect(res.status, field).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe('urn:reserva:problem:invalid-request');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await accountRows(body.email)).toBe(0);
    }
    expect(await server.eventCount()).toBe(before);
  });

  it('emails a verification link in the account language whose token verifies the address once', async () => {
    const person = newPerson('Joana', { locale: 'pt-PT' });
    const userId = await registered(server, person);
    const mail = await server.mail.waitForMail(mailTo(person.email));
    expect(mail.subject).toBe('Confirme o seu email do Reserva');
    expect(mail.text).toContain(`Olá ${person.displayName},`);
    const token = linkToken(mail, 'verify-email');

    const verified = await server.anonymous('POST', '/api/v1/auth/verify-email', { body: { token } });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ userId, emailVerified: true });

    const tokens = await login(server, person.username, person.password);
    expect((await me(server, tokens.accessToken)).body).toMatchObject({ userId, emailVerified: true });
    expect((await admin('GET', `/api/v1/users/${userId}`, { strong: true })).body).toMatchObject({ userId, emailVerified: true });

    const reused = await server.anonymous('POST', '/api/v1/auth/verify-email', { body: { token } });
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reused.body.errors).toEqual([{ field: 'token', message: expect.stringContaining('already used') }]);
  });

  it('writes the verification email in English for an English account', async () => {
    const person = newPerson('Emma');
    await registered(server, person);
    const mail = await server.mail.waitForMail(mailTo(person.email));
    expect(mail.subject).toBe('Confirm your Reserva email');
    expect(linkToken(mail, 'verify-email')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('sends a fresh verification link on request, voiding the earlier one, and refuses once verified', async () => {
    const person = newPerson('Resend');
    const userId = await registered(server, person);
    const first = await server.mail.waitForMail(mailTo(person.email));
    const { accessToken } = await login(server, person.email, person.password);
    const resend = () => server.anonymous('POST', '/api/v1/users/me/verification-email', { headers: bearer(accessToken) });
    expect((await resend()).status).toBe(200);
    const second = await server.mail.waitForMail((m) => mailTo(person.email)(m) && m !== first);

    expect((await server.anonymous('POST', '/api/v1/auth/verify-email', { body: { token: linkToken(first, 'verify-email') } })).status).toBe(422);
    expect((await server.anonymous('POST', '/api/v1/auth/verify-email', { body: { token: linkToken(second, 'verify-email') } })).body).toEqual({ userId, emailVerified: true });
    const again = await resend();
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already verified/);
  });

  it('limits sign-ups from one address: after twenty in an hour, 429 with Retry-After, and nothing is created', async () => {
    for (let i = 1; i <= 20; i++) expect((await register(server, newPerson('Many'))).status, `sign-up #${i}`).toBe(201);
    const before = await server.eventCount();
    const refused = newPerson('Many');
    const res = await register(server, refused);
    expect(res.status, JSON.stringify(res.body)).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await server.eventCount()).toBe(before);
    expect(await accountRows(refused.email)).toBe(0);
  });

  it('limits verification emails: after five resends in an hour, 429 with Retry-After and no more mail', async () => {
    const person = newPerson('Spam');
    await registered(server, person);
    await server.mail.waitForMail(mailTo(person.email));
    const { accessToken } = await login(server, person.email, person.password);
    const resend = () => server.anonymous('POST', '/api/v1/users/me/verification-email', { headers: bearer(accessToken) });
    for (let i = 1; i <= 5; i++) expect((await resend()).status, `resend #${i}`).toBe(200);
    const refused = await resend();
    expect(refused.status, JSON.stringify(refused.body)).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    // The registration email and five resends; the refused one sent nothing.
    await expect.poll(() => server.mail.messages.filter(mailTo(person.email)).length).toBe(6);
  });

  it('round-trips the profile through GET and PATCH /users/me and validates each field', async () => {
    const person = newPerson('Prof');
    const userId = await registered(server, person);
    const { accessToken } = await login(server, person.email, person.password);
    const auth = { headers: bearer(accessToken) };
    const change = {
      displayName: 'Professor Plum',
      photoUrl: 'https://images.example.test/plum.png',
      bio: 'Likes quiet rooms with whiteboards.',
      locale: 'ru',
      timeZone: 'Europe/Lisbon',
      notificationPreferences: { 'booking.confirmed': { email: true, push: false } },
      notificationSettings: { quietHours: { start: '22:30', end: '07:00' }, reminderLeadMinutes: 60 },
    };
    const patched = await server.anonymous('PATCH', '/api/v1/users/me', { ...auth, body: change });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ userId, email: person.email, username: person.username, ...change });
    expect((await me(server, accessToken)).body).toMatchObject({ userId, email: person.email, ...change });

    // Only what is sent changes; null clears the photo.
    const cleared = await server.anonymous('PATCH', '/api/v1/users/me', { ...auth, body: { photoUrl: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ photoUrl: null, displayName: 'Professor Plum', bio: change.bio, timeZone: 'Europe/Lisbon' });
    expect((await admin('GET', `/api/v1/users/${userId}`, { strong: true })).body.displayName).toBe('Professor Plum');

    const before = await server.eventCount();
    const invalid = [
      { photoUrl: 'javascript:alert(1)' },
      { photoUrl: 'ftp://files.example.test/me.png' },
      { timeZone: 'Mars/Olympus_Mons' },
      { locale: 'English please' },
      { displayName: '   ' },
      { notificationPreferences: { 'booking.confirmed': { email: 'yes' } } },
      { notificationPreferences: { 'booking.confirmed': { sms: true } } },
      { notificationPreferences: { 'party.invitation': { email: true } } },
      { notificationSettings: { quietHours: { start: '25:00', end: '07:00' }, reminderLeadMinutes: 30 } },
      { notificationSettings: { quietHours: null, reminderLeadMinutes: 0 } },
      { nickname: 'plum' },
      {},
    ];
    for (const body of invalid) {
      const res = await server.anonymous('PATCH', '/api/v1/users/me', { ...auth, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(await server.eventCount()).toBe(before);
    expect((await me(server, accessToken)).body).toMatchObject({ displayName: 'Professor Plum', locale: 'ru', timeZone: 'Europe/Lisbon', photoUrl: null });
  });

  it('lets admins search people by name, email, role and registration date, paginated', async () => {
    const tag = uniqueTag();
    const a = newPerson('Alma', { displayName: `Alma Quartz${tag}`, accountType: 'employee' });
    const b = newPerson('Bruno', { displayName: `Bruno Quartz${tag}`, email: `bruno.${tag}@mail-${tag}.example.test` });
    const c = newPerson('Carla', { displayName: `Carla Quartz${tag}` });
    const aId = await registered(server, a);
    // Registration times are the server's clock; step past this millisecond so `registeredTo` can split them.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const split = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const bId = await registered(server, b);
    const cId = await registered(server, c);

    const search = async (query: Record<string, string>) => {
      const res = await admin('GET', `/api/v1/users?${new URLSearchParams(query)}`, { strong: true });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { items: { userId: string; email: string; displayName: string; roles: { role: string }[] }[]; total: number; limit: number; offset: number };
    };
    const ids = (page: { items: { userId: string }[] }) => page.items.map((u) => u.userId);

    const byName = await search({ q: `quartz${tag}` });
    expect(byName.total).toBe(3);
    // Newest first.
    expect(ids(byName)).toEqual([cId, bId, aId]);
    expect(byName.items[1]).toMatchObject({ email: b.email, username: b.username, displayName: b.displayName, accountType: 'client' });

    expect(ids(await search({ q: `MAIL-${tag}` }))).toEqual([bId]);
    expect(ids(await search({ q: `quartz${tag}`, role: 'booker' }))).toEqual([aId]);
    expect(ids(await search({ q: `quartz${tag}`, role: 'client' }))).toEqual([cId, bId]);
    expect(ids(await search({ q: `quartz${tag}`, registeredFrom: split }))).toEqual([cId, bId]);
    expect(ids(await search({ q: `quartz${tag}`, registeredTo: split }))).toEqual([aId]);
    // Wildcards are literal characters.
    expect((await search({ q: `quartz${tag.slice(0, 2)}%` })).total).toBe(0);

    const first = await search({ q: `quartz${tag}`, limit: '2', offset: '0' });
    expect(first).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(ids(first)).toEqual([cId, bId]);
    const second = await search({ q: `quartz${tag}`, limit: '2', offset: '2' });
    expect(second).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(ids(second)).toEqual([aId]);

    expect((await admin('GET', '/api/v1/users?registeredFrom=yesterday')).status).toBe(400);
    const client = server.as(randomUUID(), ['client']);
    expect((await client('GET', `/api/v1/users?q=quartz${tag}`)).status).toBe(403);
  });
});
