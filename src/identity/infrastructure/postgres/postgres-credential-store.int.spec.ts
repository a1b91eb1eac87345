import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestDatabase, type IdentityTestDatabase } from '../../../../test/support/identity-test-database.js';
import { ConflictError } from '../../../shared/domain/errors.js';
import { DuplicateAccountError } from '../../application/identity-ports.js';
import { PostgresCredentialStore } from './postgres-credential-store.js';
import { PostgresOneTimeTokens } from './postgres-one-time-tokens.js';
import { PostgresSessionStore } from './postgres-session-store.js';

const T0 = new Date('2030-01-01T08:00:00Z');

describe('PostgresCredentialStore', () => {
  let db: IdentityTestDatabase;
  let pool: pg.Pool;
  let store: PostgresCredentialStore;

  async function anAccount(overrides: { email?: string; username?: string } = {}) {
    const id = randomUUID().slice(0, 8);
    const account = { userId: `u-${id}`, email: `User.${id}@Example.com`, username: `User_${id}`, passwordHash: '$argon2id$fake', ...overrides };
    await store.create(account);
    return account;
  }

  async function duplicateFieldOf(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateAccountError);
    return (error as DuplicateAccountError).field;
  }

  beforeAll(async () => {
    db = await identityTestDatabase('id_cred');
    pool = db.pool;
    store = new PostgresCredentialStore(pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates an account and reads it back by id, email or username in any case', async () => {
    const a = await anAccount();
    const expected = {
      userId: a.userId,
      email: a.email,
      username: a.username,
      passwordHash: a.passwordHash,
      twoFactor: { enabled: false, secret: null, pendingSecret: null, lastUsedStep: null, recoveryCodeHashes: [] },
      createdAt: expect.any(Date),
    };
    expect(await store.findById(a.userId)).toEqual(expected);
    expect(await store.findByLogin(a.email.toUpperCase())).toEqual(expected);
    expect(await store.findByLogin(a.username.toLowerCase())).toEqual(expected);
    expect(await store.findByLogin('nobody@example.com')).toBeNull();
    expect(await store.findById('u-missing')).toBeNull();
  });

  it('names the field already taken, comparing case-insensitively', async () => {
    const a = await anAccount();
    expect(await duplicateFieldOf(store.create({ userId: 'u-dup-1', email: a.email.toLowerCase(), username: 'fresh-1', passwordHash: 'h' }))).toBe('email');
    expect(await duplicateFieldOf(store.create({ userId: 'u-dup-2', email: 'fresh-2@example.com', username: a.username.toUpperCase(), passwordHash: 'h' }))).toBe(
      'username',
    );
    expect(await store.findById('u-dup-1')).toBeNull();
  });

  it('sets the password hash', async () => {
    const a = await anAccount();
    await store.setPasswordHash(a.userId, '$argon2id$new');
    expect(await store.findById(a.userId)).toMatchObject({ passwordHash: '$argon2id$new' });
  });

  it('enrols two-factor: the pending secret becomes active with its recovery codes and first step', async () => {
    const a = await anAccount();
    await expect(store.enableTwoFactor(a.userId, 'SEED', ['r1'], 100)).rejects.toBeInstanceOf(ConflictError);
    await store.setPendingTwoFactorSecret(a.userId, 'SEED');
    expect((await store.findById(a.userId))!.twoFactor).toEqual({ enabled: false, secret: null, pendingSecret: 'SEED', lastUsedStep: null, recoveryCodeHashes: [] });
    // A set-up restarted with a new secret: confirming the old one must not activate anything.
    await expect(store.enableTwoFactor(a.userId, 'OLD-SEED', ['r1', 'r2'], 100)).rejects.toBeInstanceOf(ConflictError);
    await store.enableTwoFactor(a.userId, 'SEED', ['r1', 'r2'], 100);
    expect((await store.findById(a.userId))!.twoFactor).toEqual({ enabled: true, secret: 'SEED', pendingSecret: null, lastUsedStep: 100, recoveryCodeHashes: ['r1', 'r2'] });
    await store.disableTwoFactor(a.userId);
    expect((await store.findById(a.userId))!.twoFactor).toEqual({ enabled: false, secret: null, pendingSecret: null, lastUsedStep: null, recoveryCodeHashes: [] });
  });

  it('accepts each TOTP step once and never an older one', async () => {
    const a = await anAccount();
    expect(await store.useTotpStep(a.userId, 500)).toBe(true);
    expect(await store.useTotpStep(a.userId, 500)).toBe(false);
    expect(await store.useTotpStep(a.userId, 499)).toBe(false);
    expect(await store.useTotpStep(a.userId, 501)).toBe(true);
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => store.useTotpStep(a.userId, 600)));
    expect(concurrent.filter(Boolean)).toHaveLength(1);
    expect((await store.findById(a.userId))!.twoFactor.lastUsedStep).toBe(600);
  });

  it('consumes a recovery code once, also when two consumers race for it', async () => {
    const a = await anAccount();
    await store.setPendingTwoFactorSecret(a.userId, 'SEED');
    await store.enableTwoFactor(a.userId, 'SEED', ['r1', 'r2', 'r3'], 1);
    expect(await store.consumeRecoveryCode(a.userId, 'r1')).toBe(true);
    expect(await store.consumeRecoveryCode(a.userId, 'r1')).toBe(false);
    expect(await store.consumeRecoveryCode(a.userId, 'unknown')).toBe(false);
    const race = await Promise.all([store.consumeRecoveryCode(a.userId, 'r2'), store.consumeRecoveryCode(a.userId, 'r2')]);
    expect(race.filter(Boolean)).toHaveLength(1);
    expect((await store.findById(a.userId))!.twoFactor.recoveryCodeHashes).toEqual(['r3']);
  });

  it('deletes the account with its emailed tokens and sessions, freeing the email and username', async () => {
    const a = await anAccount();
    const sessions = new PostgresSessionStore({ pool });
    const tokens = new PostgresOneTimeTokens(pool);
    const session = await sessions.start(a.userId, T0, {});
    const reset = await tokens.issue('reset-password', a.userId, T0, 3600);

    await store.delete(a.userId);

    expect(await store.findById(a.userId)).toBeNull();
    expect(await store.findByLogin(a.email)).toBeNull();
    expect(await store.findByLogin(a.username)).toBeNull();
    expect(await sessions.isActive(session.sessionId, a.userId, T0)).toBe(false);
    expect(await sessions.rotate(session.token, T0)).toEqual({ kind: 'invalid' });
    expect(await tokens.consume('reset-password', reset, T0)).toBeNull();
    await store.create({ ...a, userId: 'u-successor' });
    expect(await store.findByLogin(a.email)).toMatchObject({ userId: 'u-successor' });
  });

  it('reports an unknown account on updates', async () => {
    await expect(store.setPasswordHash('u-missing', 'h')).rejects.toMatchObject({ kind: 'not_found' });
  });
});
