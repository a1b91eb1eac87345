import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestDatabase, type IdentityTestDatabase } from '../../../../test/support/identity-test-database.js';
import type { Sealed } from '../../../shared/domain/sealed.js';
import { PostgresPersonalDataVault } from './postgres-personal-data-vault.js';

describe('PostgresPersonalDataVault', () => {
  let db: IdentityTestDatabase;
  let pool: pg.Pool;
  let vault: PostgresPersonalDataVault;
  const person = () => `user-${randomUUID()}`;

  beforeAll(async () => {
    db = await identityTestDatabase('identity_vault', { maxConnections: 10 });
    pool = db.pool;
    vault = new PostgresPersonalDataVault(pool);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('seals and opens JSON values', async () => {
    const ada = person();
    const values = [{ name: 'Ada Lovelace', email: 'ada@example.com', phone: null, tags: ['a', 'b'] }, 'Zoë Ærøskøbing', 42, [], null];
    for (const value of values) {
      const sealed = await vault.seal(ada, value);
      expect(sealed.keyOwner).toBe(ada);
      expect(sealed.alg).toBe('A256GCM');
      expect(Buffer.from(sealed.iv, 'base64url')).toHaveLength(12);
      expect(await vault.open(sealed)).toEqual(value);
    }
  });

  it('does not leak the plaintext and uses a fresh IV every time', async () => {
    const ada = person();
    const a = await vault.seal(ada, { email: 'ada@example.com' });
    const b = await vault.seal(ada, { email: 'ada@example.com' });
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    expect(JSON.stringify(a)).not.toContain('ada@example.com');
    expect(Buffer.from(a.data, 'base64url').toString('latin1')).not.toContain('ada@example.com');
    // The key is stored in the identity schema, never in what was sealed.
    const { rows } = await pool.query<{ key: Buffer }>('SELECT key FROM identity.person_keys WHERE person_id = $1', [ada]);
    expect(rows[0].key).toHaveLength(32);
  });

  it('opens as null what was relabelled to another person or tampered with', async () => {
    const [ada, bob] = [person(), person()];
    await vault.seal(bob, 'bob has a key too');
    const sealed = await vault.seal(ada, { email: 'ada@example.com' });
    expect(await vault.open({ ...sealed, keyOwner: bob })).toBeNull();
    const data = Buffer.from(sealed.data, 'base64url');
    data[0] ^= 1;
    expect(await vault.open({ ...sealed, data: data.toString('base64url') })).toBeNull();
    expect(await vault.open({ ...sealed, iv: Buffer.alloc(12).toString('base64url') })).toBeNull();
    expect(await vault.open({ ...sealed, iv: 'short' })).toBeNull();
    expect(await vault.open({ ...sealed, data: '' })).toBeNull();
    expect(await vault.open(sealed)).toEqual({ email: 'ada@example.com' });
  });

  it('opens as null for a person who never had a key', async () => {
    const sealed = await vault.seal(person(), 'x');
    expect(await vault.open({ ...sealed, keyOwner: person() })).toBeNull();
  });

  it('erasure makes every sealed copy unreadable and refuses new seals', async () => {
    const ada = person();
    const sealed = [await vault.seal(ada, 'one'), await vault.seal(ada, 'two')];
    expect(await vault.isErased(ada)).toBe(false);

    await vault.erase(ada);

    expect(await vault.isErased(ada)).toBe(true);
    expect(await vault.open(sealed[0])).toBeNull();
    expect(await vault.openMany(sealed)).toEqual([null, null]);
    await expect(vault.seal(ada, 'three')).rejects.toThrow(`person ${ada} was erased`);
    const { rowCount } = await pool.query('SELECT 1 FROM identity.person_keys WHERE person_id = $1', [ada]);
    expect(rowCount).toBe(0);
    // Erasing again is harmless.
    await vault.erase(ada);
    expect(await vault.isErased(ada)).toBe(true);
  });

  it('erasing a person who never sealed anything still refuses later seals', async () => {
    const ghost = person();
    await vault.erase(ghost);
    await expect(vault.seal(ghost, 'x')).rejects.toThrow('was erased');
  });

  it('openMany keeps the order and mixes readable, erased and unknown owners', async () => {
    const [ada, bob, eve] = [person(), person(), person()];
    const a1 = await vault.seal(ada, 'a1');
    const b1 = await vault.seal(bob, { b: 1 });
    const a2 = await vault.seal(ada, 'a2');
    const e1 = await vault.seal(eve, 'e1');
    await vault.erase(eve);
    const unknown: Sealed = { ...a1, keyOwner: person() };

    expect(await vault.openMany([a1, e1, b1, unknown, a2, a1])).toEqual(['a1', null, { b: 1 }, null, 'a2', 'a1']);
    expect(await vault.openMany([])).toEqual([]);
  });

  it('concurrent first seals agree on one key', async () => {
    const ada = person();
    const sealed = await Promise.all(Array.from({ length: 8 }, (_, i) => vault.seal(ada, i)));
    expect(await vault.openMany(sealed)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('a first seal racing an erase never leaves a readable copy behind', async () => {
    for (let round = 0; round < 5; round++) {
      const ada = person();
      const [seal] = await Promise.allSettled([vault.seal(ada, 'racy'), vault.erase(ada)]);
      if (seal.status === 'fulfilled') expect(await vault.open(seal.value)).toBeNull();
      const { rowCount } = await pool.query('SELECT 1 FROM identity.person_keys WHERE person_id = $1', [ada]);
      expect(rowCount).toBe(0);
    }
  });

  it('an erasure by another process is seen at once: nothing opens, and what it still seals with its cached key never will', async () => {
    const otherPool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      const other = new PostgresPersonalDataVault(otherPool);
      const ada = person();
      const sealed = await vault.seal(ada, 'visible');
      expect(await other.open(sealed)).toBe('visible');
      await other.seal(ada, 'caches the key for sealing');
      await vault.erase(ada);
      expect(await other.open(sealed)).toBeNull();
      expect(await other.isErased(ada)).toBe(true);
      const afterwards = await other.seal(ada, 'sealed with a key that no longer exists');
      expect(await other.open(afterwards)).toBeNull();
      expect(await vault.open(afterwards)).toBeNull();
    } finally {
      await otherPool.end();
    }
  });
});
