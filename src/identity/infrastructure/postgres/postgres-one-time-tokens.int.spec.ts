import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestDatabase, type IdentityTestDatabase } from '../../../../test/support/identity-test-database.js';
import { PostgresOneTimeTokens } from './postgres-one-time-tokens.js';

const T0 = new Date('2030-01-01T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe('PostgresOneTimeTokens', () => {
  let db: IdentityTestDatabase;
  let pool: pg.Pool;
  let tokens: PostgresOneTimeTokens;

  beforeAll(async () => {
    db = await identityTestDatabase('id_ott');
    pool = db.pool;
    tokens = new PostgresOneTimeTokens(pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('is used up by its first consumption, also under concurrent consumers', async () => {
    const token = await tokens.issue('verify-email', 'u-1', T0, 3600);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await pool.query(`SELECT token_hash FROM identity.one_time_tokens WHERE user_id = 'u-1'`);
    expect(stored.rows[0].token_hash).not.toContain(token);
    const race = await Promise.all([tokens.consume('verify-email', token, at(10)), tokens.consume('verify-email', token, at(10))]);
    expect(race.sort()).toEqual(['u-1', null].sort());
    expect(await tokens.consume('verify-email', token, at(20))).toBeNull();
  });

  it('expires', async () => {
    const token = await tokens.issue('reset-password', 'u-2', T0, 600);
    expect(await tokens.consume('reset-password', token, at(600))).toBeNull();
    const fresh = await tokens.issue('reset-password', 'u-2', T0, 600);
    expect(await tokens.consume('reset-password', fresh, at(599))).toBe('u-2');
  });

  it('is valid only for its purpose, and a wrong-purpose attempt does not use it up', async () => {
    const token = await tokens.issue('verify-email', 'u-3', T0, 3600);
    expect(await tokens.consume('reset-password', token, at(1))).toBeNull();
    expect(await tokens.consume('verify-email', token, at(2))).toBe('u-3');
  });

  it('voids the earlier tokens of the same purpose and user when a new one is issued', async () => {
    const older = await tokens.issue('reset-password', 'u-4', T0, 3600);
    const verification = await tokens.issue('verify-email', 'u-4', T0, 3600);
    const otherUser = await tokens.issue('reset-password', 'u-5', T0, 3600);
    const newer = await tokens.issue('reset-password', 'u-4', at(60), 3600);
    expect(await tokens.consume('reset-password', older, at(120))).toBeNull();
    expect(await tokens.consume('reset-password', newer, at(120))).toBe('u-4');
    expect(await tokens.consume('verify-email', verification, at(120))).toBe('u-4');
    expect(await tokens.consume('reset-password', otherUser, at(120))).toBe('u-5');
  });
});
