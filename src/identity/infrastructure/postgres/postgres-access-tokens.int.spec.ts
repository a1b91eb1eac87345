import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestDatabase, type IdentityTestDatabase } from '../../../../test/support/identity-test-database.js';
import { UnauthenticatedError } from '../../../shared/domain/errors.js';
import { PostgresAccessTokens } from './postgres-access-tokens.js';

const ISSUER = 'https://reserva.test';
const AUDIENCE = 'reserva-api';
const TTL = 600;
const T0 = new Date('2026-03-01T10:00:00Z');
const seconds = (date: Date, s: number) => new Date(date.getTime() + s * 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function expectUnauthenticated(promise: Promise<unknown>, message = 'invalid access token'): Promise<UnauthenticatedError> {
  const error = await promise.then(
    () => expect.fail('the token was accepted'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  expect((error as Error).message).toBe(message);
  return error as UnauthenticatedError;
}

describe('PostgresAccessTokens', () => {
  let db: IdentityTestDatabase;
  let pool: pg.Pool;
  const subject = { userId: 'user-1', sessionId: 'session-1' };
  const newTokens = (options: Partial<{ issuer: string; audience: string; pool: pg.Pool; keyRefreshMs: number }> = {}) =>
    new PostgresAccessTokens({ pool, issuer: ISSUER, audience: AUDIENCE, ttlSeconds: TTL, ...options });

  beforeAll(async () => {
    db = await identityTestDatabase('identity_tokens', { maxConnections: 10 });
    pool = db.pool;
  });

  afterAll(async () => {
    await db?.close();
  });

  it('issues a token that verifies, with the expected header and claims', async () => {
    const tokens = newTokens();
    const issued = await tokens.issue(subject, T0);
    expect(issued.expiresAt).toEqual(seconds(T0, TTL));

    const header = decodeProtectedHeader(issued.token);
    expect(header).toEqual({ alg: 'ES256', kid: expect.any(String), typ: 'at+jwt' });
    const claims = decodeJwt(issued.token);
    expect(claims).toEqual({
      sub: 'user-1',
      sid: 'session-1',
      jti: issued.jti,
      iat: T0.getTime() / 1000,
      exp: T0.getTime() / 1000 + TTL,
      iss: ISSUER,
      aud: AUDIENCE,
    });

    expect(await tokens.verify(issued.token, seconds(T0, TTL - 1))).toEqual({
      sub: 'user-1',
      sid: 'session-1',
      jti: issued.jti,
      iat: claims.iat,
      exp: claims.exp,
    });
    expect(tokens.ttlSeconds).toBe(TTL);
  });

  it('gives every token its own jti', async () => {
    const tokens = newTokens();
    const [a, b] = await Promise.all([tokens.issue(subject, T0), tokens.issue(subject, T0)]);
    expect(a.jti).not.toBe(b.jti);
    expect(a.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('processes starting together create a single first key', async () => {
    await pool.query('TRUNCATE identity.signing_keys');
    const processes = Array.from({ length: 5 }, () => newTokens());
    const issued = await Promise.all(processes.map((p) => p.issue(subject, T0)));
    expect(new Set(issued.map((i) => decodeProtectedHeader(i.token).kid)).size).toBe(1);
    const { rows } = await pool.query('SELECT kid FROM identity.signing_keys');
    expect(rows).toHaveLength(1);
  });

  it('refuses a tampered payload or signature', async () => {
    const tokens = newTokens();
    const { token } = await tokens.issue(subject, T0);
    const [header, payload, signature] = token.split('.');
    const forgedPayload = b64({ ...decodeJwt(token), sub: 'admin' });
    await expectUnauthenticated(tokens.verify(`${header}.${forgedPayload}.${signature}`, T0));
    const flipped = Buffer.from(signature, 'base64url');
    flipped[10] ^= 1;
    await expectUnauthenticated(tokens.verify(`${header}.${payload}.${flipped.toString('base64url')}`, T0));
    await expectUnauthenticated(tokens.verify(`${header}.${payload}.`, T0));
  });

  it('refuses an unsecured alg:none token', async () => {
    const tokens = newTokens();
    const { token } = await tokens.issue(subject, T0);
    const { kid } = decodeProtectedHeader(token);
    for (const header of [{ alg: 'none' }, { alg: 'none', kid, typ: 'at+jwt' }, { alg: 'NONE', kid }]) {
      await expectUnauthenticated(tokens.verify(`${b64(header)}.${token.split('.')[1]}.`, T0));
    }
  });

  it('refuses an expired token, saying so', async () => {
    const tokens = newTokens();
    const { token } = await tokens.issue(subject, T0);
    // Five seconds of tolerance for the clocks of other processes.
    expect((await tokens.verify(token, seconds(T0, TTL + 4))).sub).toBe('user-1');
    await expectUnauthenticated(tokens.verify(token, seconds(T0, TTL + 5)), 'access token expired');
    await expectUnauthenticated(tokens.verify(token, seconds(T0, 86_400)), 'access token expired');
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const ours = newTokens();
    const { token: otherAudience } = await newTokens({ audience: 'another-api' }).issue(subject, T0);
    const { token: otherIssuer } = await newTokens({ issuer: 'https://evil.test' }).issue(subject, T0);
    await expectUnauthenticated(ours.verify(otherAudience, T0));
    await expectUnauthenticated(ours.verify(otherIssuer, T0));
  });

  it('refuses a token signed by a foreign key that claims one of our kids', async () => {
    const tokens = newTokens();
    const { token } = await tokens.issue(subject, T0);
    const { kid } = decodeProtectedHeader(token);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ sid: 'session-1' })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setSubject('admin')
      .setJti('00000000-0000-4000-8000-000000000000')
      .setIssuedAt(T0)
      .setExpirationTime(seconds(T0, TTL))
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(privateKey);
    await expectUnauthenticated(tokens.verify(forged, T0));
  });

  it('refuses tokens without the session or with another typ, and garbage, without echoing it', async () => {
    const tokens = newTokens();
    const { token } = await tokens.issue(subject, T0);
    const { rows } = await pool.query<{ private_jwk: JWK }>(
      'SELECT private_jwk FROM identity.signing_keys WHERE kid = $1',
      [decodeProtectedHeader(token).kid],
    );
    const ourKey = await importJWK(rows[0].private_jwk, 'ES256');
    const sign = (header: Record<string, unknown>, claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: decodeProtectedHeader(token).kid, ...header })
        .setIssuedAt(T0)
        .setExpirationTime(seconds(T0, TTL))
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .sign(ourKey);
    // Sanity check: the helper makes tokens that do verify.
    await tokens.verify(await sign({ typ: 'at+jwt' }, { sub: 'u', sid: 's', jti: 'j' }), T0);

    await expectUnauthenticated(tokens.verify(await sign({ typ: 'at+jwt' }, { sub: 'u', jti: 'j' }), T0));
    await expectUnauthenticated(tokens.verify(await sign({ typ: 'at+jwt' }, { sid: 's', jti: 'j' }), T0));
    await expectUnauthenticated(tokens.verify(await sign({ typ: 'at+jwt' }, { sub: 'u', sid: 's' }), T0));
    await expectUnauthenticated(tokens.verify(await sign({ typ: 'at+jwt' }, { sub: 'u', sid: 42, jti: 'j' }), T0));
    await expectUnauthenticated(tokens.verify(await sign({ typ: 'JWT' }, { sub: 'u', sid: 's', jti: 'j' }), T0));
    for (const garbage of ['', 'abc', 'a.b.c', `${token}x`, token.split('.').slice(0, 2).join('.')]) {
      const error = await expectUnauthenticated(tokens.verify(garbage, T0));
      if (garbage) expect(error.message).not.toContain(garbage);
    }
  });

  it('rotation: old tokens keep verifying, new ones use the new key, jwks drops the old key after one lifetime', async () => {
    await pool.query('TRUNCATE identity.signing_keys');
    const tokens = newTokens();
    const before = await tokens.issue(subject, T0);
    const oldKid = decodeProtectedHeader(before.token).kid;
    expect((await tokens.jwks(T0)).keys.map((k) => k.kid)).toEqual([oldKid]);

    const rotatedAt = seconds(T0, 60);
    const newKid = await tokens.rotate(rotatedAt);
    expect(newKid).not.toBe(oldKid);

    const after = await tokens.issue(subject, seconds(rotatedAt, 1));
    expect(decodeProtectedHeader(after.token).kid).toBe(newKid);
    expect((await tokens.verify(before.token, seconds(rotatedAt, 1))).jti).toBe(before.jti);
    expect((await tokens.verify(after.token, seconds(rotatedAt, 1))).jti).toBe(after.jti);

    const listed = await tokens.jwks(seconds(rotatedAt, TTL - 1));
    expect(listed.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    for (const key of listed.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
    expect((await tokens.jwks(seconds(rotatedAt, TTL))).keys.map((k) => k.kid)).toEqual([newKid]);
  });

  /** A token signed with a stored private key, with claims of our choosing (what a thief of the key could make). */
  async function forge(kid: string, claims: { iat: Date; exp: Date }): Promise<string> {
    const { rows } = await pool.query<{ private_jwk: JWK }>('SELECT private_jwk FROM identity.signing_keys WHERE kid = $1', [kid]);
    return new SignJWT({ sid: 'session-1' })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setSubject('user-1')
      .setJti('00000000-0000-4000-8000-000000000001')
      .setIssuedAt(claims.iat)
      .setExpirationTime(claims.exp)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(await importJWK(rows[0]!.private_jwk, 'ES256'));
  }

  it('refuses tokens signed with a key retired more than one token lifetime ago, even freshly dated ones', async () => {
    await pool.query('TRUNCATE identity.signing_keys');
    const tokens = newTokens();
    const oldKid = decodeProtectedHeader((await tokens.issue(subject, T0)).token).kid!;
    const rotatedAt = seconds(T0, 60);
    await tokens.rotate(rotatedAt);

    const stillLive = seconds(rotatedAt, TTL - 1);
    expect((await tokens.verify(await forge(oldKid, { iat: stillLive, exp: seconds(stillLive, TTL) }), stillLive)).sub).toBe('user-1');
    const gone = seconds(rotatedAt, TTL);
    await expectUnauthenticated(tokens.verify(await forge(oldKid, { iat: gone, exp: seconds(gone, TTL) }), gone));
    expect((await tokens.jwks(gone)).keys.map((k) => k.kid)).not.toContain(oldKid);
  });

  it('another process stops trusting a key retired elsewhere once it reloads its keys', async () => {
    await pool.query('TRUNCATE identity.signing_keys');
    const first = newTokens();
    const otherPool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      const second = newTokens({ pool: otherPool, keyRefreshMs: 0 });
      const before = await first.issue(subject, T0);
      const oldKid = decodeProtectedHeader(before.token).kid!;
      // The second process has loaded its keys before the rotation.
      await second.verify(before.token, T0);
      const rotatedAt = seconds(T0, 60);
      await first.rotate(rotatedAt);
      const gone = seconds(rotatedAt, TTL + 1);
      await expectUnauthenticated(second.verify(await forge(oldKid, { iat: gone, exp: seconds(gone, TTL) }), gone));
    } finally {
      await otherPool.end();
    }
  });

  it('refuses a token older than one lifetime whatever its expiry says', async () => {
    const tokens = newTokens();
    const kid = decodeProtectedHeader((await tokens.issue(subject, T0)).token).kid!;
    const longLived = await forge(kid, { iat: T0, exp: seconds(T0, 30 * 86_400) });
    expect((await tokens.verify(longLived, seconds(T0, TTL))).sub).toBe('user-1');
    await expectUnauthenticated(tokens.verify(longLived, seconds(T0, TTL + 6)), 'access token expired');
    // Nor one dated in the future.
    await expectUnauthenticated(tokens.verify(await forge(kid, { iat: seconds(T0, 3600), exp: seconds(T0, 3600 + TTL) }), T0));
  });

  it('another process verifies tokens signed with a key rotated in by this one', async () => {
    const first = newTokens();
    const otherPool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      const second = newTokens({ pool: otherPool });
      const before = await first.issue(subject, T0);
      // The second process has loaded its keys before the rotation.
      await second.verify(before.token, T0);

      const newKid = await first.rotate(seconds(T0, 5));
      const after = await first.issue(subject, seconds(T0, 6));
      expect(decodeProtectedHeader(after.token).kid).toBe(newKid);
      expect((await second.verify(after.token, seconds(T0, 7))).jti).toBe(after.jti);
      expect((await second.verify(before.token, seconds(T0, 7))).jti).toBe(before.jti);
      // And it signs with the new key straight away.
      expect(decodeProtectedHeader((await second.issue(subject, seconds(T0, 8))).token).kid).toBe(newKid);
    } finally {
      await otherPool.end();
    }
  });

  it('publishes only public keys, with what a verifier needs', async () => {
    const tokens = newTokens();
    const { token } = await tokens.issue(subject, T0);
    const { keys } = await tokens.jwks(T0);
    const key = keys.find((k) => k.kid === decodeProtectedHeader(token).kid);
    expect(Object.keys(key!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    // A standard verifier with only the published set accepts our token.
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: keys as JWK[] }), {
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: T0,
    });
    expect(payload.sub).toBe('user-1');
  });
});
