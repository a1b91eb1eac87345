import { randomUUID } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { bearer, expectUnauthenticated, login, me, newPerson, registered, type NewPerson, type Tokens } from './identity-test-helpers.js';

const ISSUER = 'reserva';
const AUDIENCE = 'reserva-api';

describe('sessions over HTTP: login, JWT access tokens, refresh rotation, logout, key rotation', () => {
  let server: TestServer;
  let person: NewPerson;
  let userId: string;

  beforeAll(async () => {
    server = await startTestServer();
    person = newPerson('Sofia');
    userId = await registered(server, person);
  });
  afterAll(() => server?.close());

  const refresh = (refreshToken: string) => server.anonymous('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
  const withAuthorization = (authorization: string) => server.anonymous('GET', '/api/v1/users/me', { headers: { Authorization: authorization } });
  const signIn = () => login(server, person.email, person.password);
  /** The active signing key, as stored (to forge tokens that only differ in one claim). */
  const activeKey = async () =>
    (await server.pool.query<{ kid: string; private_jwk: JWK }>('SELECT kid, private_jwk FROM identity.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1')).rows[0]!;
  const signed = async (key: { kid: string; private_jwk: JWK }, claims: { iss?: string; aud?: string; sub?: string; sid: string; exp?: number }) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .setSubject(claims.sub ?? userId)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(claims.exp ?? now + 300)
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .sign(await importJWK(key.private_jwk, 'ES256'));
  };

  it('logs in by email and by username with an access and a refresh token that work', async () => {
    for (const loginName of [person.email, person.username.toUpperCase()]) {
      const res = await server.anonymous('POST', '/api/v1/auth/token', { body: { login: loginName, password: person.password } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ userId, tokenType: 'Bearer', expiresIn: 600, accessToken: expect.any(String), refreshToken: expect.any(String) });
      const profile = await me(server, res.body.accessToken);
      expect(profile.status).toBe(200);
      expect(profile.body).toMatchObject({ userId, email: person.email });
    }
  });

  it('answers a wrong password exactly like an unknown login: 401 with a generic message', async () => {
    const wrongPassword = await server.anonymous('POST', '/api/v1/auth/token', { body: { login: person.email, password: 'not the password at all' } });
    const unknownLogin = await server.anonymous('POST', '/api/v1/auth/token', { body: { login: `nobody.${randomUUID()}@example.test`, password: 'not the password at all' } });
    expectUnauthenticated(wrongPassword);
    expectUnauthenticated(unknownLogin);
    expect(wrongPassword.body).toEqual(unknownLogin.body);
    expect(wrongPassword.body.detail).not.toMatch(/exist|unknown|no such|not found/i);
    // The lockout counter of the account restarts with the next good login.
    await signIn();
  });

  it('issues ES256 JWTs with kid, iss, aud, sub, jti and exp that verify against the published JWKS', async () => {
    const tokens = await signIn();
    const header = decodeProtectedHeader(tokens.accessToken);
    expect(header).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
    const payload = decodeJwt(tokens.accessToken);
    expect(payload).toMatchObject({ iss: ISSUER, aud: AUDIENCE, sub: userId, jti: expect.any(String), exp: expect.any(Number), iat: expect.any(Number) });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.exp! * 1000).toBeGreaterThan(Date.now());

    const jwks = await server.anonymous('GET', '/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys.map((k: JWK) => k.kid)).toContain(header.kid);
    for (const key of jwks.body.keys as JWK[]) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key.d).toBeUndefined();
    }
    const verified = await jwtVerify(tokens.accessToken, createRemoteJWKSet(new URL(`${server.baseUrl}/.well-known/jwks.json`)), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] });
    expect(verified.payload.sub).toBe(userId);
    expect(verified.protectedHeader.kid).toBe(header.kid);
  });

  it('rotates the refresh token on every use and refuses the one it replaced', async () => {
    const first = await signIn();
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
    expect(rotated.body.accessToken).not.toBe(first.accessToken);
    expect(decodeJwt(rotated.body.accessToken).sid).toBe(decodeJwt(first.accessToken).sid);
    expect((await me(server, rotated.body.accessToken)).status).toBe(200);
    const again = await refresh(rotated.body.refreshToken);
    expect(again.status).toBe(200);
    expectUnauthenticated(await refresh(rotated.body.refreshToken));
  });

  it('revokes the whole family when a rotated refresh token is presented again', async () => {
    const first = await signIn();
    const second = (await refresh(first.refreshToken)).body as Tokens;
    const reuse = await refresh(first.refreshToken);
    expectUnauthenticated(reuse);
    expect(reuse.body.detail).toMatch(/already used/);
    // The thief's copy and the owner's newest token are both dead, and so are the session's access tokens.
    expectUnauthenticated(await refresh(second.refreshToken));
    expectUnauthenticated(await me(server, second.accessToken));
    expectUnauthenticated(await me(server, first.accessToken));
    const sid = decodeJwt(first.accessToken).sid;
    const revoked = (await server.store.readStream(`login-${userId}`)).filter((e) => e.type === 'UserSessionRevoked');
    expect(revoked.map((e) => e.data)).toContainEqual({ userId, sessionId: sid, reason: 'refresh-token-reuse' });
    // Other sessions carry on.
    expect((await me(server, (await signIn()).accessToken)).status).toBe(200);
  });

  it('refuses the access and refresh token of a logged-out session while the token has not expired', async () => {
    const other = await signIn();
    const tokens = await signIn();
    const out = await server.anonymous('POST', '/api/v1/auth/logout', { headers: bearer(tokens.accessToken), body: {} });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ loggedOut: true });
    expect(decodeJwt(tokens.accessToken).exp! * 1000).toBeGreaterThan(Date.now());
    expectUnauthenticated(await me(server, tokens.accessToken));
    expectUnauthenticated(await refresh(tokens.refreshToken));
    expectUnauthenticated(await server.anonymous('POST', '/api/v1/auth/logout', { headers: bearer(tokens.accessToken), body: {} }));
    // Only that session ended.
    expect((await me(server, other.accessToken)).status).toBe(200);
  });

  it('ends every session with everywhere: true', async () => {
    const laptop = await signIn();
    const phone = await signIn();
    const out = await server.anonymous('POST', '/api/v1/auth/logout', { headers: bearer(phone.accessToken), body: { everywhere: true } });
    expect(out.status).toBe(200);
    for (const session of [laptop, phone]) {
      expectUnauthenticated(await me(server, session.accessToken));
      expectUnauthenticated(await refresh(session.refreshToken));
    }
    expect((await me(server, (await signIn()).accessToken)).status).toBe(200);
    // Recorded as every session revoked by a logout, not as one session logged out.
    const events = (await server.store.readStream(`login-${userId}`)).filter((e) => e.type === 'UserSessionRevoked' || e.type === 'UserLoggedOut');
    expect(events.at(-1)).toMatchObject({ type: 'UserSessionRevoked', data: { userId, sessionId: null, reason: 'logout' } });
    expect(events.map((e) => e.data)).not.toContainEqual({ userId, sessionId: decodeJwt(phone.accessToken).sid });
  });

  it('refuses a genuine token whose session belongs to someone else', async () => {
    const bob = newPerson('Bob');
    await registered(server, bob);
    const bobs = await login(server, bob.email, bob.password);
    const sessionOfBob = decodeJwt(bobs.accessToken).sid as string;
    const mixed = await server.identity.deps.tokens.issue({ userId, sessionId: sessionOfBob }, new Date());
    expectUnauthenticated(await me(server, mixed.token));
    // Both real pairings still work.
    expect((await me(server, bobs.accessToken)).status).toBe(200);
    expect((await me(server, (await signIn()).accessToken)).status).toBe(200);
  });

  it('rotates signing keys without logging anyone out; new tokens carry the new kid', async () => {
    const before = await signIn();
    const oldKid = decodeProtectedHeader(before.accessToken).kid;
    const newKid = await server.identity.deps.tokens.rotate(new Date());
    expect(newKid).not.toBe(oldKid);

    expect((await me(server, before.accessToken)).status).toBe(200);
    const refreshed = await refresh(before.refreshToken);
    expect(refreshed.status).toBe(200);
    expect(decodeProtectedHeader(refreshed.body.accessToken).kid).toBe(newKid);
    expect((await me(server, refreshed.body.accessToken)).status).toBe(200);
    expect(decodeProtectedHeader((await signIn()).accessToken).kid).toBe(newKid);

    const kids = (await server.anonymous('GET', '/.well-known/jwks.json')).body.keys.map((k: JWK) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));
    const remote = createRemoteJWKSet(new URL(`${server.baseUrl}/.well-known/jwks.json`));
    for (const token of [before.accessToken, refreshed.body.accessToken]) {
      expect((await jwtVerify(token, remote, { issuer: ISSUER, audience: AUDIENCE })).payload.sub).toBe(userId);
    }
  });

  it('refuses tampered, unsigned, expired, foreign and malformed tokens with 401 problem+json and a Bearer challenge', async () => {
    const tokens = await signIn();
    const sid = decodeJwt(tokens.accessToken).sid as string;
    const [header, payload, signature] = tokens.accessToken.split('.') as [string, string, string];
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const key = await activeKey();
    // A control: a token forged with our own key and right claims is accepted, so each refusal below is for its one difference.
    expect((await withAuthorization(`Bearer ${await signed(key, { sid })}`)).status).toBe(200);

    const someoneElse = await registered(server, newPerson('Mallory'));
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    const foreignKey = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const hmacWithPublicKey = await new SignJWT({ sid })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' })
      .setSubject(userId)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(new TextEncoder().encode(JSON.stringify((await server.anonymous('GET', '/.well-known/jwks.json')).body.keys[0])));
    const expired = await server.identity.deps.tokens.issue({ userId, sessionId: sid }, new Date(Date.now() - 3600_000));
    const refusals: Record<string, string> = {
      'tampered signature': `Bearer ${header}.${payload}.${flipped}`,
      'tampered payload': `Bearer ${header}.${b64({ ...decodeJwt(tokens.accessToken), sub: someoneElse })}.${signature}`,
      'alg none': `Bearer ${b64({ alg: 'none', typ: 'at+jwt', kid: key.kid })}.${payload}.`,
      'HS256 keyed with the public key': `Bearer ${hmacWithPublicKey}`,
      expired: `Bearer ${expired.token}`,
      'wrong audience': `Bearer ${await signed(key, { sid, aud: 'another-service' })}`,
      'wrong issuer': `Bearer ${await signed(key, { sid, iss: 'https://evil.example.test' })}`,
      'foreign key under our kid': `Bearer ${await signed({ kid: key.kid, private_jwk: foreignKey }, { sid })}`,
      'foreign key under its own kid': `Bearer ${await signed({ kid: 'forged-kid', private_jwk: foreignKey }, { sid })}`,
      garbage: 'Bearer not-a-jwt-at-all',
      'garbage segments': 'Bearer aaaa.bbbb.cccc',
      'empty bearer': 'Bearer ',
      'basic scheme': `Basic ${Buffer.from(`${person.username}:${person.password}`).toString('base64')}`,
      'token without scheme': tokens.accessToken,
    };
    for (const [name, authorization] of Object.entries(refusals)) {
      const res = await withAuthorization(authorization);
      expect(res.status, name).toBe(401);
      expectUnauthenticated(res);
      expect(res.body.type, name).toBe('urn:reserva:problem:unauthenticated');
    }
    expect((await withAuthorization(`Bearer ${expired.token}`)).body.detail).toBe('access token expired');
    // The genuine token is still good after all that, whatever the case of the scheme name (RFC 7235).
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) expect((await withAuthorization(`${scheme} ${tokens.accessToken}`)).status, scheme).toBe(200);
  });

  it('refuses tokens of an erased or unknown subject', async () => {
    const doomed = newPerson('Erin');
    const doomedId = await registered(server, doomed);
    const tokens = await login(server, doomed.email, doomed.password);
    const erased = await server.anonymous('DELETE', `/api/v1/users/${doomedId}`, { headers: bearer(tokens.accessToken) });
    expect(erased.status).toBe(200);
    expectUnauthenticated(await me(server, tokens.accessToken));
    expectUnauthenticated(await refresh(tokens.refreshToken));
    expectUnauthenticated(await server.anonymous('POST', '/api/v1/auth/token', { body: { login: doomed.email, password: doomed.password } }));

    // Even with a live session and a genuine signature, a subject that is gone or never existed is refused.
    const { deps } = server.identity;
    const now = new Date();
    for (const subject of [doomedId, randomUUID()]) {
      const session = await deps.sessions.start(subject, now, {});
      const token = await deps.tokens.issue({ userId: subject, sessionId: session.sessionId }, now);
      expectUnauthenticated(await me(server, token.token));
    }
  });
});
