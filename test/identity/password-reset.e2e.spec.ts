import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { bearer, expectUnauthenticated, linkToken, login, mailTo, me, newPerson, registered, type NewPerson } from './identity-test-helpers.js';

const RESET_SUBJECT = 'Reset your Reserva password';
const CHANGED_SUBJECT = 'Your Reserva password was changed';

describe('password reset and change over HTTP, with the emails over SMTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());
  // Every request here comes from 127.0.0.1, and reset requests are limited per address.
  beforeEach(() => server.identity.deps.limiter.reset('password-reset-ip', '127.0.0.1'));

  const requestReset = (email: string) => server.anonymous('POST', '/api/v1/auth/password-reset', { body: { email } });
  const complete = (token: string, newPassword: string) => server.anonymous('POST', '/api/v1/auth/password-reset/complete', { body: { token, newPassword } });
  const tryLogin = (person: NewPerson, password: string) => server.anonymous('POST', '/api/v1/auth/token', { body: { login: person.email, password } });
  /** Registers someone and answers them with the token of a reset link emailed to them. */
  const personWithResetLink = async (name: string) => {
    const person = newPerson(name);
    const userId = await registered(server, person);
    const res = await requestReset(person.email);
    expect(res.status).toBe(200);
    const mail = await server.mail.waitForMail(mailTo(person.email, RESET_SUBJECT));
    return { person, userId, mail, token: linkToken(mail, 'reset-password') };
  };

  it('emails a link whose token sets a new password: the new one logs in, the old one no longer does', async () => {
    const { person, mail, token } = await personWithResetLink('Rita');
    expect(mail.text).toContain('expires in 30 minutes');
    const newPassword = 'Lantern-Mosaic-Harbour-7';
    const res = await complete(token, newPassword);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ done: true });
    expect((await tryLogin(person, newPassword)).status).toBe(200);
    expectUnauthenticated(await tryLogin(person, person.password));

    const notice = await server.mail.waitForMail(mailTo(person.email, CHANGED_SUBJECT));
    expect(notice.text).toContain('was just changed');
    // The notice carries no link that could be abused.
    expect(notice.text).not.toMatch(/token=/);

    const reused = await complete(token, 'Another-Fresh-Password-8');
    expect(reused.status).toBe(422);
    expect(reused.body.errors).toEqual([{ field: 'token', message: expect.stringContaining('already used') }]);
    expect((await tryLogin(person, newPassword)).status).toBe(200);
  });

  it('answers an unknown address exactly like a registered one and sends it nothing', async () => {
    const unknown = `nobody.${Date.now()}@example.test`;
    const unknownRes = await requestReset(unknown);
    const { person } = await personWithResetLink('Known');
    const knownRes = await requestReset(person.email);
    expect(unknownRes.status).toBe(200);
    expect(unknownRes.body).toEqual(knownRes.body);
    // The handler waits for the mail server, so the mail for the later, known request proves the earlier one sent nothing.
    expect(server.mail.messages.filter(mailTo(unknown))).toEqual([]);
  });

  it('refuses an expired token', async () => {
    const person = newPerson('Tardy');
    const userId = await registered(server, person);
    const thirtyOneMinutesAgo = new Date(Date.now() - 31 * 60_000);
    const token = await server.identity.deps.oneTimeTokens.issue('reset-password', userId, thirtyOneMinutesAgo, 30 * 60);
    const res = await complete(token, 'Lantern-Mosaic-Harbour-7');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'token', message: expect.stringContaining('expired') }]);
    expect((await tryLogin(person, person.password)).status).toBe(200);
  });

  it('accepts only reset tokens: a verification link does not reset a password', async () => {
    const person = newPerson('Vera');
    await registered(server, person);
    const verifyToken = linkToken(await server.mail.waitForMail(mailTo(person.email)), 'verify-email');
    const res = await complete(verifyToken, 'Lantern-Mosaic-Harbour-7');
    expect(res.status).toBe(422);
    expect((await tryLogin(person, person.password)).status).toBe(200);
    // …and it still verifies the address it was sent for.
    expect((await server.anonymous('POST', '/api/v1/auth/verify-email', { body: { token: verifyToken } })).status).toBe(200);
  });

  it('refuses a weak new password with 422 and leaves the token usable', async () => {
    const { person, token } = await personWithResetLink('Wendy');
    for (const weak of ['short', `${person.username}-2024!`, 'qwerty123']) {
      const res = await complete(token, weak);
      expect(res.status, weak).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('newPassword');
    }
    expect((await tryLogin(person, person.password)).status).toBe(200);
    expect((await complete(token, 'Lantern-Mosaic-Harbour-7')).status).toBe(200);
  });

  it('ends every existing session after a reset', async () => {
    const person = newPerson('Sam');
    await registered(server, person);
    const laptop = await login(server, person.email, person.password);
    const phone = await login(server, person.username, person.password);
    expect((await me(server, laptop.accessToken)).status).toBe(200);

    await requestReset(person.email);
    const token = linkToken(await server.mail.waitForMail(mailTo(person.email, RESET_SUBJECT)), 'reset-password');
    expect((await complete(token, 'Lantern-Mosaic-Harbour-7')).status).toBe(200);

    for (const session of [laptop, phone]) {
      expectUnauthenticated(await me(server, session.accessToken));
      expectUnauthenticated(await server.anonymous('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } }));
    }
    expect((await me(server, (await login(server, person.email, 'Lantern-Mosaic-Harbour-7')).accessToken)).status).toBe(200);
  });

  it('changes a known password only with the current one, and sends a notice', async () => {
    const person = newPerson('Carmen');
    await registered(server, person);
    const { accessToken } = await login(server, person.email, person.password);
    const change = (body: unknown) => server.anonymous('POST', '/api/v1/users/me/password', { headers: bearer(accessToken), body });
    const newPassword = 'Orchid-Tundra-Beacon-3';

    const wrongCurrent = await change({ currentPassword: 'not-my-password-1', newPassword });
    expect(wrongCurrent.status).toBe(422);
    expect(wrongCurrent.body.errors).toEqual([{ field: 'currentPassword', message: 'the current password is wrong' }]);
    expect((await change({ newPassword })).status).toBe(400);
    expect((await change({ currentPassword: person.password, newPassword: 'password1' })).status).toBe(422);
    expectUnauthenticated(await server.anonymous('POST', '/api/v1/users/me/password', { body: { currentPassword: person.password, newPassword } }));
    expectUnauthenticated(await tryLogin(person, newPassword));

    const ok = await change({ currentPassword: person.password, newPassword });
    expect(ok.status).toBe(200);
    expect((await tryLogin(person, newPassword)).status).toBe(200);
    expectUnauthenticated(await tryLogin(person, person.password));
    await server.mail.waitForMail(mailTo(person.email, CHANGED_SUBJECT));
  });

  it('ends every other session on a change; the one that changed it carries on', async () => {
    const person = newPerson('Otto');
    const userId = await registered(server, person);
    const laptop = await login(server, person.email, person.password);
    const phone = await login(server, person.username, person.password);
    const newPassword = 'Orchid-Tundra-Beacon-3';
    const res = await server.anonymous('POST', '/api/v1/users/me/password', { headers: bearer(laptop.accessToken), body: { currentPassword: person.password, newPassword } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    expectUnauthenticated(await me(server, phone.accessToken));
    expectUnauthenticated(await server.anonymous('POST', '/api/v1/auth/refresh', { body: { refreshToken: phone.refreshToken } }));
    expect((await me(server, laptop.accessToken)).status).toBe(200);
    const refreshed = await server.anonymous('POST', '/api/v1/auth/refresh', { body: { refreshToken: laptop.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await me(server, refreshed.body.accessToken)).status).toBe(200);

    const revoked = (await server.store.readStream(`login-${userId}`)).filter((e) => e.type === 'UserSessionRevoked');
    expect(revoked.map((e) => e.data)).toEqual([{ userId, sessionId: null, reason: 'password-changed' }]);
  });
});
