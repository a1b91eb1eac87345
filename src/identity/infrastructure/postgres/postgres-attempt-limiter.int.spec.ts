import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestDatabase, type IdentityTestDatabase } from '../../../../test/support/identity-test-database.js';
import type { AttemptPolicy, LimitedAction } from '../../application/identity-ports.js';
import { DEFAULT_ATTEMPT_POLICIES, PostgresAttemptLimiter } from './postgres-attempt-limiter.js';

const T0 = new Date('2030-01-01T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const POLICIES: Record<LimitedAction, AttemptPolicy> = {
  ...DEFAULT_ATTEMPT_POLICIES,
  // 3 per minute, then locked for 5 minutes.
  'login-account': { max: 3, windowSeconds: 60, lockoutSeconds: 300 },
  'login-ip': { max: 20, windowSeconds: 60, lockoutSeconds: 60 },
};

describe('PostgresAttemptLimiter', () => {
  let db: IdentityTestDatabase;
  let pool: pg.Pool;
  let limiter: PostgresAttemptLimiter;
  let n = 0;
  const aKey = () => `key-${++n}`;
  async function lockedUntil(action: LimitedAction, key: string): Promise<Date | null> {
    const { rows } = await pool.query<{ locked_until: Date | null }>(`SELECT locked_until FROM identity.attempts WHERE action = $1 AND key = $2`, [action, key]);
    return rows[0]?.locked_until ?? null;
  }

  beforeAll(async () => {
    db = await identityTestDatabase('id_attempts', { maxConnections: 20 });
    pool = db.pool;
    limiter = new PostgresAttemptLimiter(pool, POLICIES);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('allows attempts under the limit', async () => {
    const key = aKey();
    for (const s of [0, 1, 2]) expect(await limiter.consume('login-account', key, at(s))).toBe(0);
    expect(await lockedUntil('login-account', key)).toBeNull();
  });

  it('locks the key on the attempt past the limit and says for how long', async () => {
    const key = aKey();
    for (const s of [0, 1, 2]) await limiter.consume('login-account', key, at(s));
    expect(await limiter.consume('login-account', key, at(10))).toBe(300);
    expect(await lockedUntil('login-account', key)).toEqual(at(310));
    // Attempts while locked neither shorten nor extend the lockout; part of a second counts as a second.
    expect(await limiter.consume('login-account', key, new Date(at(110).getTime() + 500))).toBe(200);
    expect(await limiter.consume('login-account', key, at(200))).toBe(110);
    expect(await lockedUntil('login-account', key)).toEqual(at(310));
  });

  it('lets the key try again once the lockout is over, with a fresh count', async () => {
    const key = aKey();
    for (const s of [0, 1, 2, 3]) await limiter.consume('login-account', key, at(s));
    for (const s of [303, 304, 305]) expect(await limiter.consume('login-account', key, at(s))).toBe(0);
    expect(await limiter.consume('login-account', key, at(306))).toBe(300);
  });

  it('starts a new window once the old one has passed', async () => {
    const key = aKey();
    for (const s of [0, 1, 2]) await limiter.consume('login-account', key, at(s));
    expect(await limiter.consume('login-account', key, at(60))).toBe(0);
    for (const s of [61, 62]) expect(await limiter.consume('login-account', key, at(s))).toBe(0);
    expect(await limiter.consume('login-account', key, at(63))).toBe(300);
  });

  it('clears the key on reset, and keeps actions and keys apart', async () => {
    const key = aKey();
    for (const s of [0, 1, 2, 3]) await limiter.consume('login-account', key, at(s));
    expect(await limiter.consume('two-factor', key, at(4))).toBe(0);
    expect(await limiter.consume('login-account', aKey(), at(4))).toBe(0);
    await limiter.reset('login-account', key);
    expect(await lockedUntil('login-account', key)).toBeNull();
    expect(await limiter.consume('login-account', key, at(5))).toBe(0);
  });

  it('with the default policies, refuses the attempt past the limit of each action: callers count before they check', async () => {
    const defaults = new PostgresAttemptLimiter(pool);
    const allowed: Partial<Record<LimitedAction, number>> = { 'login-account': 5, 'two-factor': 5, 'register-ip': 20, 'verification-email': 5 };
    for (const [action, max] of Object.entries(allowed) as [LimitedAction, number][]) {
      const key = aKey();
      for (let i = 1; i <= max; i++) expect(await defaults.consume(action, key, at(i)), `${action} #${i}`).toBe(0);
      const { lockoutSeconds } = DEFAULT_ATTEMPT_POLICIES[action];
      expect(await defaults.consume(action, key, at(max + 1)), `${action} #${max + 1}`).toBe(lockoutSeconds);
    }
  });

  it('counts every one of many concurrent attempts', async () => {
    const key = aKey();
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.consume('login-ip', key, T0)));
    expect(results).toEqual(Array.from({ length: 20 }, () => 0));
    const row = await pool.query(`SELECT count FROM identity.attempts WHERE action = 'login-ip' AND key = $1`, [key]);
    expect(row.rows[0].count).toBe(20);
    expect(await limiter.consume('login-ip', key, at(1))).toBe(60);
  });
});
