import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestDatabase, type IdentityTestDatabase } from '../../../../test/support/identity-test-database.js';
import type { IssuedRefreshToken, RefreshOutcome } from '../../application/identity-ports.js';
import { hashOpaqueToken, PostgresSessionStore, REFRESH_TOKEN_REUSE } from './postgres-session-store.js';

const T0 = new Date('2030-01-01T08:00:00Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

function rotated(outcome: RefreshOutcome): IssuedRefreshToken {
  if (outcome.kind !== 'rotated') throw new Error(`expected a rotation, got ${outcome.kind}`);
  return outcome.refresh;
}

describe('PostgresSessionStore', () => {
  let db: IdentityTestDatabase;
  let pool: pg.Pool;
  let store: PostgresSessionStore;

  beforeAll(async () => {
    db = await identityTestDatabase('id_sess');
    pool = db.pool;
    store = new PostgresSessionStore({ pool, refreshTtlSeconds: 7 * 86_400 });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('starts a session whose refresh token is opaque and stored only as a hash', async () => {
    const first = await store.start('u-1', T0, { ip: '203.0.113.9', userAgent: 'test' });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.expiresAt).toEqual(at(7 * DAY));
    expect(await store.isActive(first.sessionId, 'u-1', T0)).toBe(true);
    const stored = await pool.query(`SELECT token_hash FROM identity.refresh_tokens WHERE session_id = $1`, [first.sessionId]);
    expect(stored.rows).toEqual([{ token_hash: hashOpaqueToken(first.token) }]);
  });

  it('rotates along a chain in the same session, sliding its expiry', async () => {
    const first = await store.start('u-1', T0, {});
    const second = rotated(await store.rotate(first.token, at(DAY)));
    const third = rotated(await store.rotate(second.token, at(5 * DAY)));
    expect([second.sessionId, third.sessionId]).toEqual([first.sessionId, first.sessionId]);
    expect(third.expiresAt).toEqual(at(12 * DAY));
    expect(new Set([first.token, second.token, third.token]).size).toBe(3);
    // Past the first token's expiry, but the session lives on with its newest token.
    expect(await store.isActive(first.sessionId, 'u-1', at(10 * DAY))).toBe(true);
    expect((await store.rotate(third.token, at(10 * DAY))).kind).toBe('rotated');
  });

  it('treats an old token presented again as theft: the whole family is revoked', async () => {
    const first = await store.start('u-2', T0, {});
    const second = rotated(await store.rotate(first.token, at(1000)));
    const third = rotated(await store.rotate(second.token, at(2000)));

    expect(await store.rotate(first.token, at(3000))).toEqual({ kind: 'reused', userId: 'u-2', sessionId: first.sessionId });
    expect(await store.rotate(third.token, at(4000))).toEqual({ kind: 'invalid' });
    expect(await store.isActive(first.sessionId, 'u-2', at(4000))).toBe(false);
    const session = await pool.query(`SELECT revoked_reason FROM identity.sessions WHERE session_id = $1`, [first.sessionId]);
    expect(session.rows[0].revoked_reason).toBe(REFRESH_TOKEN_REUSE);
  });

  it('refuses unknown and expired refresh tokens', async () => {
    expect(await store.rotate('not-a-token', T0)).toEqual({ kind: 'invalid' });
    const first = await store.start('u-3', T0, {});
    expect(await store.rotate(first.token, at(7 * DAY))).toEqual({ kind: 'invalid' });
    expect(await store.isActive(first.sessionId, 'u-3', at(7 * DAY))).toBe(false);
  });

  it('revokes one session, after which it is inactive and cannot refresh', async () => {
    const first = await store.start('u-4', T0, {});
    const other = await store.start('u-4', T0, {});
    expect(await store.revoke(first.sessionId, at(1000), 'logout')).toBe('u-4');
    expect(await store.isActive(first.sessionId, 'u-4', at(1000))).toBe(false);
    expect(await store.rotate(first.token, at(2000))).toEqual({ kind: 'invalid' });
    expect(await store.isActive(other.sessionId, 'u-4', at(1000))).toBe(true);
    expect(await store.revoke('unknown-session', at(1000), 'logout')).toBeNull();
  });

  it('revokes every session of a user and no one else’s', async () => {
    const a1 = await store.start('u-5', T0, {});
    const a2 = await store.start('u-5', T0, {});
    const b = await store.start('u-6', T0, {});
    await store.revokeAllOf('u-5', at(1000), 'password-changed');
    expect(await store.isActive(a1.sessionId, 'u-5', at(1000))).toBe(false);
    expect(await store.isActive(a2.sessionId, 'u-5', at(1000))).toBe(false);
    expect(await store.rotate(a2.token, at(1000))).toEqual({ kind: 'invalid' });
    expect(await store.isActive(b.sessionId, 'u-6', at(1000))).toBe(true);
  });

  it('is active only for the person it belongs to', async () => {
    const session = await store.start('u-8', T0, {});
    expect(await store.isActive(session.sessionId, 'u-8', T0)).toBe(true);
    expect(await store.isActive(session.sessionId, 'u-9', T0)).toBe(false);
  });

  it('revokes every session of a user but the one kept, and no one else’s', async () => {
    const kept = await store.start('u-10', T0, {});
    const other = await store.start('u-10', T0, {});
    const someoneElse = await store.start('u-11', T0, {});
    await store.revokeAllExcept('u-10', kept.sessionId, at(1000), 'password-changed');
    expect(await store.isActive(kept.sessionId, 'u-10', at(1000))).toBe(true);
    expect(await store.isActive(other.sessionId, 'u-10', at(1000))).toBe(false);
    expect(await store.rotate(other.token, at(1000))).toEqual({ kind: 'invalid' });
    expect((await store.rotate(kept.token, at(1000))).kind).toBe('rotated');
    expect(await store.isActive(someoneElse.sessionId, 'u-11', at(1000))).toBe(true);
    const reasons = await pool.query(`SELECT session_id, revoked_reason FROM identity.sessions WHERE user_id = 'u-10'`);
    expect(Object.fromEntries(reasons.rows.map((r) => [r.session_id, r.revoked_reason]))).toEqual({ [kept.sessionId]: null, [other.sessionId]: 'password-changed' });
  });

  it('lets one of two concurrent rotations of a token win and reports the other as reuse', async () => {
    const first = await store.start('u-7', T0, {});
    const outcomes = await Promise.all([store.rotate(first.token, at(1000)), store.rotate(first.token, at(1000))]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['reused', 'rotated']);
    const winner = outcomes.find((o) => o.kind === 'rotated')!;
    expect(await store.rotate(rotated(winner).token, at(2000))).toEqual({ kind: 'invalid' });
    expect(await store.isActive(first.sessionId, 'u-7', at(2000))).toBe(false);
  });
});
